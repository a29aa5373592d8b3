// SHA-256 with OpenSSL EVP, as lowercase hex.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace iru::host {

// Incremental hasher. Not thread-safe; one owner.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view bytes);
    std::string hex_digest();  // finishes; call once

private:
    void* ctx_;  // EVP_MD_CTX*
};

std::string sha256_hex(std::string_view bytes);
// Throws std::runtime_error naming the file when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& file);
// Hashes everything readable through fd from offset 0 (pread: the file offset is not moved).
// Throws std::runtime_error naming `shown_as` on a read error.
std::string sha256_fd_hex(int fd, const std::filesystem::path& shown_as);

}  // namespace iru::host
