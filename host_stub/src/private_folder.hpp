// Folders for evidence and state: owned by the user running the host, never a symlink, and private
// (mode 0700, whatever the umask). A folder the host creates is made so; an existing one that is
// not is refused with what to fix (the host does not silently change a folder it did not create).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include <sys/stat.h>

namespace iru::host {

// What is wrong with a folder for evidence or state; what() names it and says what to fix.
class FolderError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "" when info (from lstat of folder) describes a private folder of the effective user; else why
// not.
std::string private_folder_problem(const std::filesystem::path& folder, const struct stat& info);

// Creates folder (and missing parents, each 0700) or checks the existing one. Throws FolderError.
void ensure_private_folder(const std::filesystem::path& folder);

// Throws FolderError when folder exists and is not a private folder of the user; creates nothing.
void check_private_folder_if_present(const std::filesystem::path& folder);

// Creates a new folder 0700 (failing when it exists). Throws FolderError.
void create_new_private_folder(const std::filesystem::path& folder);

}  // namespace iru::host
