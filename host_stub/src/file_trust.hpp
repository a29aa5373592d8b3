// Opening a file whose contents decide what the host runs or trusts (plugin libraries and
// manifests, the configuration, credential files, CA files) so that what is checked is what is
// used: the file is opened once, checked through that descriptor, and read (or loaded) through it.
// A file is trusted when it and every folder of its real path up to "/" are owned by root or the
// effective user and writable by nobody else; a folder others may write is still fine when it is
// sticky and owned by root or the user (like /tmp: only an entry's owner can rename or remove it).
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace iru::host {

// Why a file is not trusted; what() names the path and says what to fix.
class TrustError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An owned file descriptor, closed on destruction. Move-only.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const noexcept { return fd_; }
    int release() noexcept;

private:
    int fd_ = -1;
};

struct TrustRule {
    bool follow_final_symlink =
        false;  // false: O_NOFOLLOW (a symlink as the last component is refused)
    bool private_to_owner = false;  // also refuse when group or others may read it (secrets)
    std::size_t max_bytes = 0;      // refuse a larger file; 0: no bound
};

// An open, checked, regular file.
struct TrustedFile {
    UniqueFd fd;
    std::filesystem::path real_path;  // where the descriptor points (from /proc/self/fd)
    struct stat info {};

    // "/proc/self/fd/N": opening this path opens this very file, whatever happens to real_path.
    std::filesystem::path descriptor_path() const;
    // The same file under a name no earlier call in this process returned (see the .cpp), for
    // dlopen, which would hand back an earlier library loaded under an equal name.
    std::filesystem::path unique_descriptor_path() const;
    // The whole content, read through the descriptor from offset 0; more than max_bytes (when not
    // 0) is refused, in case the file grew after it was checked. Throws TrustError.
    std::string read_all(std::size_t max_bytes = 0) const;
};

// Opens path O_RDONLY|O_CLOEXEC (O_NOFOLLOW unless the rule follows) and checks it. Throws
// TrustError.
TrustedFile open_trusted_file(const std::filesystem::path& path, const TrustRule& rule = {});

// "" when the folder and each of its ancestors are trusted as above; else why not (for folders
// the host has not opened, e.g. to explain a refusal). Follows no symlink: pass a real path.
std::string untrusted_folder_reason(const std::filesystem::path& real_folder);

// True when uid is root or the effective user.
bool trusted_owner(uid_t uid) noexcept;

}  // namespace iru::host
