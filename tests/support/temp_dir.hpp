// A fresh directory under the system temp folder, removed with everything in it on destruction.
#pragma once

#include <filesystem>
#include <string>

namespace iru::test {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "iru-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace iru::test
