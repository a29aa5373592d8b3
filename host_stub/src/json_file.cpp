#include "json_file.hpp"

#include <system_error>

namespace iru::host {

nlohmann::json read_json_file(const std::filesystem::path& file, TrustRule rule) {
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec)))
        throw JsonFileError("cannot be read (does it exist?)");
    rule.max_bytes = max_json_file_bytes;
    std::string text;
    try {
        text = open_trusted_file(file, rule).read_all(max_json_file_bytes);
    } catch (const TrustError& e) {
        throw JsonFileError(std::string("refused: ") + e.what());
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw JsonFileError(std::string("not valid JSON: ") + e.what());
    }
}

}  // namespace iru::host
