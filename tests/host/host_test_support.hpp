// Helpers for the host tests: test plugins copied into a private plugin folder, configurations
// written to disk, unique secret markers, and a scan of every file under a folder.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace iru::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool address_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool address_sanitizer = true;
#else
inline constexpr bool address_sanitizer = false;
#endif
#else
inline constexpr bool address_sanitizer = false;
#endif

// The environment for a host whose plugin is meant to crash: AddressSanitizer would turn a SIGSEGV
// into a report and exit 1 (or abort), and these tests want the signal. Empty without ASan.
std::map<std::string, std::string> crash_environment();

// The folder a test plugin case was built into (library + manifest).
std::filesystem::path test_plugin_case(const std::string& case_name);
// Copies a case's library and manifest into plugin_dir (created 0700 when missing).
void install_test_plugin(const std::string& case_name, const std::filesystem::path& plugin_dir);
// A unique secret containing "IRU-SECRET-MARKER-".
std::string secret_marker(const std::string& label);
// Writes config JSON to file.
void write_json(const std::filesystem::path& file, const nlohmann::json& document);
// Files under root (recursively) whose bytes contain needle.
std::vector<std::filesystem::path> files_containing(const std::filesystem::path& root,
                                                    const std::string& needle);
// Lines of a JSONL file parsed.
std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file);

}  // namespace iru::test
