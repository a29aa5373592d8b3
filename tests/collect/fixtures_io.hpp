// Reading the collect tests' fixture files (tests/collect/fixtures, written by make_fixtures.py).
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

}  // namespace iru::test
