#include "run_output.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <random>
#include <stdexcept>

#include "atomic_file.hpp"
#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;

std::string make_run_id() {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    const std::time_t now = static_cast<std::time_t>(now_ms / 1000);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char seconds[32];
    (void)std::strftime(seconds, sizeof seconds, "%Y%m%dT%H%M%S", &tm);
    char stamp[48];
    (void)std::snprintf(stamp, sizeof stamp, "%s.%03dZ", seconds, static_cast<int>(now_ms % 1000));
    std::random_device device;
    char suffix[16];
    (void)std::snprintf(suffix, sizeof suffix, "%06x", device() & 0xffffffu);
    return std::string(stamp) + "-" + suffix;
}

std::vector<std::string> interrupted_runs(const fs::path& output_dir, const std::string& source_id) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(output_dir / source_id, ec)) {
        const std::string name = item.path().filename().string();
        const std::string suffix = ".partial";
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            found.push_back(name);
    }
    std::sort(found.begin(), found.end());
    return found;
}

RunOutput::RunOutput(const fs::path& output_dir, const std::string& source_id, const std::string& run_id)
    : source_dir_(output_dir / source_id), run_id_(run_id), partial_dir_(source_dir_ / (run_id + ".partial")) {
    create_private_directories(source_dir_, 0750);
    create_private_directories(partial_dir_, 0750);
    const fs::path records = partial_dir_ / "records.jsonl.tmp";
    records_file_ = std::fopen(records.c_str(), "wbx");
    if (records_file_ == nullptr)
        throw std::runtime_error("cannot create " + records.string() + ": " + system_error_text(errno));
}

RunOutput::~RunOutput() {
    if (records_file_ != nullptr) (void)std::fclose(records_file_);
}

void RunOutput::write(const nlohmann::json& envelope) {
    if (records_file_ == nullptr) throw std::runtime_error("run output is already finished");
    std::string line = envelope.dump();
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), records_file_) != line.size())
        throw std::runtime_error("cannot write records for run " + run_id_ + ": " + system_error_text(errno));
    hasher_.update(line);
    ++records_;
}

fs::path RunOutput::finish(nlohmann::json summary, bool update_latest) {
    if (records_file_ == nullptr) throw std::runtime_error("run output is already finished");
    const bool flushed = std::fflush(records_file_) == 0 && ::fsync(fileno(records_file_)) == 0;
    const bool closed = std::fclose(records_file_) == 0;
    records_file_ = nullptr;
    if (!flushed || !closed) throw std::runtime_error("cannot write the records file of run " + run_id_);
    fs::rename(partial_dir_ / "records.jsonl.tmp", partial_dir_ / "records.jsonl");
    summary["records_file"] = "records.jsonl";
    summary["records_written"] = records_;
    summary["records_sha256"] = hasher_.hex_digest();
    write_file_atomically(partial_dir_ / "summary.json", summary.dump(2) + "\n", 0640);
    fs::path final_dir = source_dir_ / run_id_;
    fs::rename(partial_dir_, final_dir);
    sync_path(source_dir_);
    if (update_latest) {
        const fs::path link = source_dir_ / "latest";
        const fs::path temporary = source_dir_ / ("latest.tmp-" + std::to_string(::getpid()));
        std::error_code ec;
        fs::remove(temporary, ec);
        fs::create_directory_symlink(run_id_, temporary);
        fs::rename(temporary, link);
        sync_path(source_dir_);
    }
    return final_dir;
}

}  // namespace iru::host
