// Reading the collect tests' fixture files (tests/collect/fixtures, written by make_fixtures.py)
// and test certificates (tests/collect/certificates).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace iru::test {

inline nlohmann::json read_json_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str());
}

inline std::filesystem::path fixtures_dir() { return IRU_COLLECT_FIXTURES_DIR; }

// The PEM text of tests/collect/certificates/<name>.pem; throws when it is missing or empty.
inline std::string read_test_certificate(const std::string& name) {
    const std::filesystem::path path =
        std::filesystem::path(IRU_TEST_CERTIFICATES_DIR) / (name + ".pem");
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().empty()) throw std::runtime_error("cannot read " + path.string());
    return text.str();
}

}  // namespace iru::test
