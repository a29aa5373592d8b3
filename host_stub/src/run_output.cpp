#include "run_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <stdexcept>

#include "atomic_file.hpp"
#include "private_folder.hpp"
#include "text_codec.hpp"

namespace iru::host {

namespace fs = std::filesystem;

std::string make_run_id() {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
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

std::vector<std::string> interrupted_runs(const fs::path& output_dir,
                                          const std::string& source_id) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& item : fs::directory_iterator(output_dir / source_id, ec)) {
        const std::string name = item.path().filename().string();
        const std::string suffix = ".partial";
        if (name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            found.push_back(name);
    }
    std::sort(found.begin(), found.end());
    return found;
}

std::string incomplete_runs_notice(const fs::path& output_dir, const std::string& source_id) {
    const auto runs = interrupted_runs(output_dir, source_id);
    if (runs.empty()) return "";
    std::size_t failed = 0;
    std::size_t crashed =
        0;  // finished by the scheduler after their process died: the summary has "crash"
    for (const auto& run : runs) {
        std::ifstream in(output_dir / source_id / run / "summary.json", std::ios::binary);
        if (!in) continue;
        const nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
        ++(summary.is_object() && summary.contains("crash") ? crashed : failed);
    }
    return std::to_string(runs.size()) + " incomplete run(s) left (e.g. " +
           (output_dir / source_id / runs.back()).string() + "): " + std::to_string(failed) +
           " failed while writing evidence (their summary.json says why), " +
           (crashed > 0 ? std::to_string(crashed) +
                              " ended with their process (their summary.json names the signal), "
                        : "") +
           std::to_string(runs.size() - failed - crashed) +
           " were killed before they finished; none of them is complete evidence, inspect before "
           "removing";
}

RunOutput::RunOutput(const fs::path& output_dir, const std::string& source_id,
                     const std::string& run_id)
    : source_dir_(output_dir / source_id),
      run_id_(run_id),
      partial_dir_(source_dir_ / (run_id + ".partial")) {
    ensure_private_folder(output_dir);
    ensure_private_folder(source_dir_);
    create_new_private_folder(partial_dir_);
    const fs::path records = partial_dir_ / records_temporary_name;
    records_fd_ =
        ::open(records.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (records_fd_ < 0 || ::fchmod(records_fd_, 0600) != 0)
        throw std::runtime_error("cannot create " + records.string() + ": " +
                                 system_error_text(errno));
}

RunOutput::~RunOutput() {
    if (records_fd_ >= 0) (void)::close(records_fd_);
}

void RunOutput::set_write_limit_for_tests(std::uint64_t bytes) { write_limit_ = bytes; }

bool RunOutput::write_all(std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        std::size_t chunk = bytes.size() - done;
        if (write_limit_) {
            const std::uint64_t used = bytes_written_ + done;
            const std::uint64_t room = *write_limit_ > used ? *write_limit_ - used : 0;
            if (room == 0) {
                errno = ENOSPC;
                return false;
            }
            chunk = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, room));
        }
        const ssize_t n = ::write(records_fd_, bytes.data() + done, chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = ENOSPC;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void RunOutput::write(const nlohmann::json& envelope) { write_line(envelope.dump()); }

void RunOutput::write_line(std::string_view record_line) {
    if (records_fd_ < 0) throw std::runtime_error("run output is already finished");
    if (!write_error_.empty()) throw std::runtime_error(write_error_);
    std::string line(record_line);
    line += '\n';
    if (!write_all(line)) {
        write_error_ = "cannot write records for run " + run_id_ + ": " + system_error_text(errno);
        // Cut a torn line off, so the file holds exactly the records counted.
        if (::ftruncate(records_fd_, static_cast<off_t>(bytes_written_)) != 0)
            write_error_ +=
                " (and the torn last line could not be cut off: " + system_error_text(errno) + ")";
        throw std::runtime_error(write_error_);
    }
    bytes_written_ += line.size();
    hasher_.update(line);
    ++records_;
}

void RunOutput::discard() noexcept {
    if (records_fd_ >= 0) (void)::close(records_fd_);
    records_fd_ = -1;
    std::error_code ec;
    fs::remove_all(partial_dir_, ec);
}

fs::path RunOutput::finish(nlohmann::json summary, bool update_latest) {
    if (records_fd_ < 0) throw std::runtime_error("run output is already finished");
    const bool synced = ::fsync(records_fd_) == 0;
    const int sync_errno = errno;
    const bool closed = ::close(records_fd_) == 0;
    records_fd_ = -1;
    if (write_error_.empty() && (!synced || !closed))
        write_error_ = "cannot write the records file of run " + run_id_ + ": " +
                       system_error_text(synced ? errno : sync_errno);
    summary["records_written"] = records_;
    summary["records_sha256"] = hasher_.hex_digest();
    if (!write_error_.empty()) {
        // Left as "<run id>.partial" with "records.jsonl.tmp": nothing here may look complete.
        summary["records_file"] = records_temporary_name;
        summary["status"] = "host_error";
        summary["message"] = "writing evidence failed: " + write_error_;
        try {
            write_file_atomically(partial_dir_ / "summary.json", summary.dump(2) + "\n", 0600);
        } catch (const std::exception& e) {
            throw std::runtime_error(write_error_ +
                                     "; the summary could not be written either: " + e.what());
        }
        throw std::runtime_error(write_error_);
    }
    fs::rename(partial_dir_ / records_temporary_name, partial_dir_ / "records.jsonl");
    summary["records_file"] = "records.jsonl";
    write_file_atomically(partial_dir_ / "summary.json", summary.dump(2) + "\n", 0600);
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
