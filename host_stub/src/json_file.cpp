#include "json_file.hpp"

#include <fstream>
#include <sstream>

namespace iru::host {

nlohmann::json read_json_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw JsonFileError("cannot be read (does it exist?)");
    std::stringstream text;
    text << in.rdbuf();
    try {
        return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw JsonFileError(std::string("not valid JSON: ") + e.what());
    }
}

}  // namespace iru::host
