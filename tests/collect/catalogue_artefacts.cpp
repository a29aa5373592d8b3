#include "catalogue_artefacts.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "collect/catalogue.hpp"
#include "collect/record_mapping.hpp"
#include "collect/record_schema.hpp"

namespace iru::test {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* begin_marker = "<!-- record-types: generated from the catalogue -->";
constexpr const char* end_marker = "<!-- /record-types -->";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return {};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    out << text;
}

fs::path schemas_dir(const fs::path& repo) { return repo / "manifests" / "schemas" / "records"; }
fs::path schema_file(const fs::path& repo, std::string_view type) {
    return schemas_dir(repo) / (std::string(type) + ".schema.json");
}

std::string schema_text(std::string_view type) {
    return heroku::record_schema(type).dump(2) + "\n";
}

// text broken into lines of at most width characters at spaces, each line ending in a newline.
std::string wrapped(const std::string& text, std::size_t width) {
    std::string out;
    std::string line;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    return out + line + "\n";
}

// The README's text with the generated list between the markers; empty when a marker is missing.
std::string readme_with_list(const std::string& readme) {
    const auto begin = readme.find(begin_marker);
    const auto end = readme.find(end_marker);
    if (begin == std::string::npos || end == std::string::npos || end < begin) return {};
    const auto from = begin + std::string(begin_marker).size();
    return readme.substr(0, from) + "\n" + wrapped(heroku::readme_record_list() + ".", 100) +
           readme.substr(end);
}

}  // namespace

std::vector<std::string> catalogue_drift(const fs::path& repo) {
    std::vector<std::string> drift;
    for (auto type : heroku::catalogue_record_types()) {
        const fs::path file = schema_file(repo, type);
        if (!fs::exists(file))
            drift.push_back(file.string() + ": missing");
        else if (read_text(file) != schema_text(type))
            drift.push_back(file.string() + ": differs from the catalogue's schema");
    }
    for (const auto& entry : fs::directory_iterator(schemas_dir(repo))) {
        const std::string name = entry.path().filename().string();
        bool known = name == std::string(heroku::record_type::collection_summary) + ".schema.json";
        for (auto type : heroku::catalogue_record_types())
            known = known || name == std::string(type) + ".schema.json";
        if (!known)
            drift.push_back(entry.path().string() + ": no such record type in the catalogue");
    }
    const fs::path manifest = repo / "manifests" / "heroku.json";
    const json m = json::parse(read_text(manifest), nullptr, false);
    if (m.is_discarded() || m.value("record_types", json()) != heroku::manifest_record_types())
        drift.push_back(manifest.string() + ": record_types differ from the catalogue's");
    const fs::path readme = repo / "README.md";
    const std::string text = read_text(readme);
    const std::string expected = readme_with_list(text);
    if (expected.empty())
        drift.push_back(readme.string() + ": record-types markers missing");
    else if (expected != text)
        drift.push_back(readme.string() + ": record list differs from the catalogue's");
    return drift;
}

std::vector<std::string> write_catalogue_artefacts(const fs::path& repo) {
    std::vector<std::string> written;
    for (auto type : heroku::catalogue_record_types()) {
        const fs::path file = schema_file(repo, type);
        if (read_text(file) == schema_text(type)) continue;
        write_text(file, schema_text(type));
        written.push_back(file.string());
    }
    const fs::path manifest = repo / "manifests" / "heroku.json";
    json m = json::parse(read_text(manifest));
    if (m["record_types"] != heroku::manifest_record_types()) {
        m["record_types"] = heroku::manifest_record_types();
        write_text(manifest, m.dump(2) + "\n");
        written.push_back(manifest.string());
    }
    const fs::path readme = repo / "README.md";
    const std::string text = read_text(readme);
    const std::string updated = readme_with_list(text);
    if (updated.empty())
        throw std::runtime_error(readme.string() + ": record-types markers missing");
    if (updated != text) {
        write_text(readme, updated);
        written.push_back(readme.string());
    }
    return written;
}

}  // namespace iru::test
