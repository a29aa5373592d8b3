#include "secret_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <new>

#include <iru/internal/secure_wipe.hpp>

namespace iru::host {

namespace {

std::size_t mapped_size(std::size_t bytes) {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return (bytes + 1 + page - 1) / page * page;
}

}  // namespace

// Its own pages, so they can be left out of core dumps (MADV_DONTDUMP) and wiped as a whole.
SecretBuffer::SecretBuffer(std::string_view bytes) : size_(bytes.size()) {
    void* pages = ::mmap(nullptr, mapped_size(size_), PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) throw std::bad_alloc();
    (void)::madvise(pages, mapped_size(size_), MADV_DONTDUMP);
    data_ = static_cast<char*>(pages);
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
        (void)::munmap(data_, mapped_size(size_));
    }
    data_ = nullptr;
    size_ = 0;
}

}  // namespace iru::host
