#include "secret_buffer.hpp"

#include <cstring>

#include "secure_wipe.hpp"

namespace iru::host {

SecretBuffer::SecretBuffer(std::string_view bytes) : data_(new char[bytes.size() + 1]), size_(bytes.size()) {
    std::memcpy(data_, bytes.data(), bytes.size());
    data_[size_] = '\0';
}

SecretBuffer::~SecretBuffer() { wipe(); }

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept : data_(other.data_), size_(other.size_) {
    other.data_ = nullptr;
    other.size_ = 0;
}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
    if (this != &other) {
        wipe();
        data_ = other.data_;
        size_ = other.size_;
        other.data_ = nullptr;
        other.size_ = 0;
    }
    return *this;
}

void SecretBuffer::wipe() noexcept {
    if (data_ != nullptr) {
        secure_wipe(data_, size_ + 1);
        delete[] data_;
    }
    data_ = nullptr;
    size_ = 0;
}

void wipe_string(std::string& text) noexcept {
    secure_wipe(text);
}

}  // namespace iru::host
