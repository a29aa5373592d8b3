#include "private_folder.hpp"

#include <unistd.h>

#include <cerrno>

#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;

std::string private_folder_problem(const fs::path& folder, const struct stat& info) {
    if (S_ISLNK(info.st_mode))
        return folder.string() +
               " is a symbolic link; name the real folder in the configuration instead";
    if (!S_ISDIR(info.st_mode)) return folder.string() + " is not a folder";
    if (info.st_uid != ::geteuid())
        return folder.string() + " is owned by uid " + std::to_string(info.st_uid) +
               ", not by the user running the host (uid " + std::to_string(::geteuid()) +
               "); fix with chown " + std::to_string(::geteuid()) + " " + folder.string();
    if ((info.st_mode & 077) != 0)
        return folder.string() + " has mode " + octal_mode(info.st_mode) +
               ", but evidence and state folders must be private; fix with chmod 700 " +
               folder.string();
    return "";
}

void check_private_folder_if_present(const fs::path& folder) {
    struct stat info {};
    if (::lstat(folder.c_str(), &info) != 0) {
        if (errno == ENOENT) return;
        throw FolderError("cannot inspect folder " + folder.string() + ": " +
                          system_error_text(errno));
    }
    if (std::string problem = private_folder_problem(folder, info); !problem.empty())
        throw FolderError(problem);
}

void create_new_private_folder(const fs::path& folder) {
    if (::mkdir(folder.c_str(), 0700) != 0)
        throw FolderError("cannot create folder " + folder.string() + ": " +
                          system_error_text(errno));
    // mkdir's mode is masked by the umask; make it exactly 0700 (a mask such as 0277 would leave
    // 0500).
    if (::chmod(folder.c_str(), 0700) != 0)
        throw FolderError("cannot set the mode of folder " + folder.string() + ": " +
                          system_error_text(errno));
}

void ensure_private_folder(const fs::path& folder) {
    struct stat info {};
    if (::lstat(folder.c_str(), &info) == 0) {
        if (std::string problem = private_folder_problem(folder, info); !problem.empty())
            throw FolderError(problem);
        return;
    }
    if (errno != ENOENT)
        throw FolderError("cannot inspect folder " + folder.string() + ": " +
                          system_error_text(errno));
    const fs::path parent = folder.parent_path();
    struct stat parent_info {};
    if (!parent.empty() && parent != folder && ::lstat(parent.c_str(), &parent_info) != 0)
        ensure_private_folder(parent);
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
        throw FolderError("cannot create folder " + folder.string() + ": " +
                          system_error_text(errno));
    // Check what is there now (it may have been created by someone else meanwhile), then fix our
    // mode.
    if (::lstat(folder.c_str(), &info) != 0)
        throw FolderError("cannot inspect folder " + folder.string() + ": " +
                          system_error_text(errno));
    if (S_ISDIR(info.st_mode) && info.st_uid == ::geteuid() && (info.st_mode & 07777) != 0700) {
        if (::chmod(folder.c_str(), 0700) != 0)
            throw FolderError("cannot set the mode of folder " + folder.string() + ": " +
                              system_error_text(errno));
        info.st_mode = (info.st_mode & ~07777u) | 0700u;
    }
    if (std::string problem = private_folder_problem(folder, info); !problem.empty())
        throw FolderError(problem);
}

}  // namespace iru::host
