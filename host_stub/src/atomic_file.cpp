#include "atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "text_codec.hpp"

namespace iru::host {
namespace {

std::string system_error(const std::string& what, const std::filesystem::path& path) {
    return what + " " + path.string() + ": " + system_error_text(errno);
}

}  // namespace

void sync_path(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(system_error("cannot open", path));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) throw std::runtime_error(system_error("cannot sync", path));
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           mode_t mode) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path temporary =
        file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    const int fd =
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) throw std::runtime_error(system_error("cannot create", temporary));
    if (::fchmod(fd, mode) != 0) {  // the umask may have taken bits away from mode
        const std::string message = system_error("cannot set the mode of", temporary);
        ::close(fd);
        ::unlink(temporary.c_str());
        throw std::runtime_error(message);
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string message = system_error("cannot write", temporary);
            ::close(fd);
            ::unlink(temporary.c_str());
            throw std::runtime_error(message);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string message = system_error("cannot sync", temporary);
        ::unlink(temporary.c_str());
        throw std::runtime_error(message);
    }
    if (::rename(temporary.c_str(), file.c_str()) != 0) {
        const std::string message = system_error("cannot rename into", file);
        ::unlink(temporary.c_str());
        throw std::runtime_error(message);
    }
    sync_path(file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path());
}

}  // namespace iru::host
