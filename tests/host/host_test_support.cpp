#include "host_test_support.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "process_runner.hpp"

namespace iru::test {

namespace fs = std::filesystem;

fs::path test_plugin_case(const std::string& case_name) {
    return fs::path(IRU_TEST_PLUGIN_DIR) / case_name;
}

void install_test_plugin(const std::string& case_name, const fs::path& plugin_dir) {
    if (!fs::exists(plugin_dir)) {
        fs::create_directories(plugin_dir);
        ::chmod(plugin_dir.c_str(), 0700);
    }
    for (const auto& item : fs::directory_iterator(test_plugin_case(case_name))) {
        const auto ext = item.path().extension();
        if (ext == ".so" || ext == ".json")
            fs::copy_file(item.path(), plugin_dir / item.path().filename(),
                          fs::copy_options::overwrite_existing);
    }
}

std::string secret_marker(const std::string& label) {
    static std::atomic<int> counter{0};
    std::random_device device;
    std::ostringstream text;
    text << "IRU-SECRET-MARKER-" << label << "-" << ::getpid() << "-" << counter++ << "-"
         << std::hex << device();
    return text.str();
}

void write_json(const fs::path& file, const nlohmann::json& document) {
    write_text(file, document.dump(2), 0600);
}

std::vector<fs::path> files_containing(const fs::path& root, const std::string& needle) {
    std::vector<fs::path> found;
    if (!fs::exists(root)) return found;
    for (const auto& item : fs::recursive_directory_iterator(root)) {
        if (!item.is_regular_file()) continue;
        if (read_text(item.path()).find(needle) != std::string::npos) found.push_back(item.path());
    }
    return found;
}

std::vector<nlohmann::json> read_jsonl(const fs::path& file) {
    std::vector<nlohmann::json> lines;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

std::map<std::string, std::string> crash_environment() {
    if (!address_sanitizer) return {};
    const char* options = std::getenv("ASAN_OPTIONS");
    return {{"ASAN_OPTIONS",
             std::string(options != nullptr ? options : "") + ":handle_segv=0:handle_sigbus=0"}};
}

}  // namespace iru::test
