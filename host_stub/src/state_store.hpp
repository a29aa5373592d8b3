// The key-value state lent to a source's plugin, kept across runs in state_dir/<source>/state.json.
// Loaded at the start of a run, saved atomically when collect returns. Thread-safe. The file is
// 0600; its folder must be a private folder of the user (private_folder.hpp; `run` checks
// state_dir). Sized for a plugin that keeps a few keys per app of an account of tens of thousands
// of apps: reads and writes are map operations, and the file is read and written once per run
// (bench/state_store_bench.cpp measures it at 50,000 keys).
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace iru::host {

class StateStore {
public:
    static constexpr std::size_t max_key_bytes = 128;
    static constexpr std::size_t max_value_bytes = std::size_t{64} * 1024;
    static constexpr std::size_t max_entries = 200'000;
    static constexpr std::size_t max_total_bytes = std::size_t{64} << 20;  // keys and values
    static constexpr std::size_t max_file_bytes = std::size_t{256} << 20;  // larger: corrupt

    // Reads the file when it exists. A corrupt file (or one over max_file_bytes) is moved aside to
    // state.json.corrupt and the store starts empty; warning() then says so. Throws
    // std::runtime_error when unreadable, and FolderError when the file's folder exists but is not
    // private.
    explicit StateStore(std::filesystem::path file);

    std::optional<std::string> get(const std::string& key) const;
    // "" on success, else why the key/value is refused. A nullopt value deletes the key.
    std::string set(const std::string& key, std::optional<std::string> value);
    // Writes the file atomically (only when something changed). Throws std::runtime_error.
    void save();

    const std::string& warning() const { return warning_; }
    const std::filesystem::path& file() const { return file_; }

    // Keys of at most 128 bytes of printable ASCII.
    static bool valid_key(std::string_view key);

private:
    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> values_;
    std::size_t total_bytes_ = 0;  // of the keys and values held
    bool dirty_ = false;
    std::string warning_;
};

}  // namespace iru::host
