#include "file_trust.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <vector>

#include <iru/internal/secure_wipe.hpp>

#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) (void)::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) (void)::close(fd_);
        fd_ = other.release();
    }
    return *this;
}

int UniqueFd::release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

bool trusted_owner(uid_t uid) noexcept { return uid == 0 || uid == ::geteuid(); }

namespace {

std::string owner_problem(const fs::path& path, const struct stat& info) {
    if (trusted_owner(info.st_uid)) return "";
    return path.string() + " is owned by uid " + std::to_string(info.st_uid) +
           ", neither root nor the user running the host (fix with chown)";
}

std::string folder_problem(const fs::path& folder, const struct stat& info) {
    if (!S_ISDIR(info.st_mode)) return folder.string() + " is not a folder";
    if (std::string owner = owner_problem(folder, info); !owner.empty()) return owner;
    const bool others_may_write = (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    if (others_may_write && (info.st_mode & S_ISVTX) == 0)
        return folder.string() + " is writable by group or others (mode " +
               octal_mode(info.st_mode) +
               "), so its entries can be replaced; fix with chmod go-w (or chmod +t for a shared "
               "folder)";
    return "";
}

fs::path descriptor_target(int fd) {
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    std::vector<char> buffer(4096);
    const ssize_t length = ::readlink(link.c_str(), buffer.data(), buffer.size());
    if (length <= 0 || static_cast<std::size_t>(length) >= buffer.size()) return {};
    return fs::path(std::string(buffer.data(), static_cast<std::size_t>(length)));
}

}  // namespace

std::string untrusted_folder_reason(const fs::path& real_folder) {
    for (fs::path folder = real_folder;; folder = folder.parent_path()) {
        struct stat info {};
        if (::lstat(folder.c_str(), &info) != 0)
            return folder.string() + " cannot be inspected: " + system_error_text(errno);
        if (std::string problem = folder_problem(folder, info); !problem.empty()) return problem;
        if (folder == folder.root_path() || folder.parent_path() == folder) return "";
    }
}

fs::path TrustedFile::descriptor_path() const {
    return "/proc/self/fd/" + std::to_string(fd.get());
}

fs::path TrustedFile::unique_descriptor_path() const {
    // The dynamic loader returns an already loaded library whose name equals the path asked for,
    // and descriptor numbers are reused; extra slashes (ignored by the kernel) make each name new.
    static std::atomic<unsigned> loads{0};
    const unsigned slashes = 1 + loads.fetch_add(1) % 2048;
    return "/proc/self/fd" + std::string(slashes, '/') + std::to_string(fd.get());
}

std::string TrustedFile::read_all(std::size_t max_bytes) const {
    std::string content;
    content.reserve(
        static_cast<std::size_t>(info.st_size));  // no reallocation leaving copies behind
    char buffer[1 << 16];
    for (off_t offset = 0;;) {
        const ssize_t got = ::pread(fd.get(), buffer, sizeof buffer, offset);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            throw TrustError(real_path.string() + ": read error: " + system_error_text(errno));
        if (got == 0) {
            secure_wipe(buffer, sizeof buffer);  // the file may hold a secret
            return content;
        }
        content.append(buffer, static_cast<std::size_t>(got));
        offset += got;
        if (max_bytes > 0 && content.size() > max_bytes) {
            secure_wipe(buffer, sizeof buffer);
            secure_wipe(content);
            throw TrustError(real_path.string() + " is larger than " + std::to_string(max_bytes) +
                             " bytes");
        }
    }
}

TrustedFile open_trusted_file(const fs::path& path, const TrustRule& rule) {
    const int flags =
        O_RDONLY | O_CLOEXEC | O_NOCTTY | (rule.follow_final_symlink ? 0 : O_NOFOLLOW);
    TrustedFile file;
    file.fd =
        UniqueFd(::open(path.c_str(), flags | O_NONBLOCK));  // O_NONBLOCK: a FIFO must not hang us
    if (file.fd.get() < 0) {
        const int error = errno;
        if (error == ENOENT) throw TrustError(path.string() + " does not exist");
        if (error == ELOOP && !rule.follow_final_symlink)
            throw TrustError(path.string() + " is a symbolic link; refused (name the file itself)");
        throw TrustError(path.string() + " cannot be opened: " + system_error_text(error));
    }
    if (::fstat(file.fd.get(), &file.info) != 0)
        throw TrustError(path.string() + " cannot be inspected: " + system_error_text(errno));
    if (!S_ISREG(file.info.st_mode)) throw TrustError(path.string() + " is not a regular file");
    file.real_path = descriptor_target(file.fd.get());
    if (file.real_path.empty() || !file.real_path.is_absolute())
        throw TrustError(path.string() + ": its real path cannot be read from /proc/self/fd");
    if (std::string owner = owner_problem(file.real_path, file.info); !owner.empty())
        throw TrustError(owner);
    if (rule.private_to_owner && (file.info.st_mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) != 0)
        throw TrustError(file.real_path.string() +
                         " is readable or writable by group or others (mode " +
                         octal_mode(file.info.st_mode) + "); refused, fix with chmod 600");
    if ((file.info.st_mode & (S_IWGRP | S_IWOTH)) != 0)
        throw TrustError(file.real_path.string() + " is writable by group or others (mode " +
                         octal_mode(file.info.st_mode) + "; fix with chmod go-w)");
    if (rule.max_bytes > 0 && static_cast<std::size_t>(file.info.st_size) > rule.max_bytes)
        throw TrustError(file.real_path.string() + " is larger than " +
                         std::to_string(rule.max_bytes) + " bytes");
    if (std::string folder = untrusted_folder_reason(file.real_path.parent_path()); !folder.empty())
        throw TrustError(path.string() + ": " + folder);
    // Back to blocking reads now that it is known to be a regular file.
    const int status = ::fcntl(file.fd.get(), F_GETFL);
    if (status >= 0) (void)::fcntl(file.fd.get(), F_SETFL, status & ~O_NONBLOCK);
    return file;
}

}  // namespace iru::host
