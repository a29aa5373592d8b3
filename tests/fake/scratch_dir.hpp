// A fresh folder under the system temp folder for one test, removed with its content afterwards.
// (Kept here so the fake's tests depend on nothing but the fake.)
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace iru::fake::test {

class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix) {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace iru::fake::test
