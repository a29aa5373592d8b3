// Bytes of a secret held by the host, in pages of their own marked MADV_DONTDUMP (never in a core
// dump), wiped (iru::secure_wipe) when destroyed or cleared.
// Move-only; never printed. One owner; not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace iru::host {

class SecretBuffer {
public:
    SecretBuffer() = default;
    explicit SecretBuffer(std::string_view bytes);
    ~SecretBuffer();
    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;

    std::string_view view() const noexcept { return {data_, size_}; }
    bool empty() const noexcept { return size_ == 0; }
    void wipe() noexcept;

private:
    char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace iru::host
