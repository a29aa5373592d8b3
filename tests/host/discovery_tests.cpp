// Plugin discovery and verification with the misbehaving test plugins: each is refused with its
// file and reason while the others load.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "host_test_support.hpp"
#include "plugin_discovery.hpp"
#include "process_runner.hpp"
#include "sha256.hpp"
#include "support/temp_dir.hpp"

using namespace iru::host;
namespace fs = std::filesystem;

namespace {

const DiscoveredPlugin& by_manifest(const std::vector<DiscoveredPlugin>& found,
                                    const std::string& name) {
    for (const auto& p : found)
        if (p.manifest_file.filename() == name) return p;
    FAIL("no manifest " << name);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("discovery: every misbehaviour is refused with file and reason, the good plugins load") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    for (const char* c : {"good_c", "echo", "bad_hash", "wrong_major", "no_entry",
                          "descriptor_mismatch", "throwing"})
        iru::test::install_test_plugin(c, plugins);
    iru::test::write_text(plugins / "broken.json", "{ not json");

    const auto found = discover_plugins(plugins);
    REQUIRE(found.size() == 8);

    CHECK(by_manifest(found, "good_c.json").loadable());
    CHECK(by_manifest(found, "echo.json").loadable());
    CHECK(
        by_manifest(found, "throwing.json").loadable());  // its throw is contained at collect time
    CHECK(by_manifest(found, "echo.json").plugin->description().version == "1.2.3");

    const auto& bad_hash = by_manifest(found, "bad_hash.json");
    CHECK_FALSE(bad_hash.loadable());
    CHECK_THAT(bad_hash.refusal, Catch::StartsWith((plugins / "bad_hash.json").string() + ": "));
    CHECK_THAT(bad_hash.refusal,
               Catch::Contains("has sha256") && Catch::Contains("but the manifest says 0000"));

    const auto& wrong_major = by_manifest(found, "wrong_major.json");
    CHECK_FALSE(wrong_major.loadable());
    CHECK_THAT(wrong_major.refusal,
               Catch::Contains("manifest declares ABI 2.0; the host speaks ABI 1.x"));

    const auto& no_entry = by_manifest(found, "no_entry.json");
    CHECK_FALSE(no_entry.loadable());
    CHECK_THAT(no_entry.refusal, Catch::Contains("missing entry symbol iru_source_plugin_entry"));

    const auto& mismatch = by_manifest(found, "descriptor_mismatch.json");
    CHECK_FALSE(mismatch.loadable());
    CHECK_THAT(mismatch.refusal,
               Catch::Contains("descriptor version 9.9.9 disagrees with manifest version 1.0.0"));

    const auto& broken = by_manifest(found, "broken.json");
    CHECK_FALSE(broken.loadable());
    CHECK_FALSE(broken.manifest.has_value());
    CHECK_THAT(broken.refusal, Catch::Contains("broken.json: manifest refused: not valid JSON"));

    CHECK(find_plugin(found, "echo") != nullptr);
    CHECK(find_plugin(found, "minimal") ==
          &by_manifest(found, "good_c.json"));  // bad_hash shares the id
    CHECK(find_plugin(found, "no-entry") == nullptr);
}

TEST_CASE(
    "discovery: a plugin whose entry speaks another major is refused even when its manifest claims "
    "1") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    iru::test::install_test_plugin("wrong_major", plugins);
    auto manifest = nlohmann::json::parse(iru::test::read_text(plugins / "wrong_major.json"));
    manifest["abi"]["major"] = 1;
    iru::test::write_json(plugins / "wrong_major.json", manifest);
    const DiscoveredPlugin p = verify_plugin(plugins / "wrong_major.json");
    CHECK_FALSE(p.loadable());
    CHECK_THAT(p.refusal,
               Catch::Contains("plugin speaks ABI 2.0, the host speaks 1.1 (major differs)"));
}

TEST_CASE("discovery: missing library, writable library or folder, bad manifest fields") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    iru::test::install_test_plugin("echo", plugins);
    const fs::path manifest = plugins / "echo.json";
    const fs::path library = plugins / "libecho.so";

    ::chmod(library.c_str(), 0666);
    CHECK_THAT(verify_plugin(manifest).refusal,
               Catch::Contains("libecho.so is writable by group or others (mode 0666"));
    ::chmod(library.c_str(), 0755);
    ::chmod(plugins.c_str(), 0777);
    CHECK_THAT(verify_plugin(manifest).refusal,
               Catch::Contains(plugins.string() + " is writable by group or others"));
    ::chmod(plugins.c_str(), 0700);
    CHECK(verify_plugin(manifest).loadable());

    fs::rename(library, plugins / "moved.so");
    CHECK_THAT(verify_plugin(manifest).refusal,
               Catch::Contains("library " + library.string() + " is missing"));
    fs::rename(plugins / "moved.so", library);

    auto doc = nlohmann::json::parse(iru::test::read_text(manifest));
    doc["library"] = "../elsewhere/libecho.so";
    iru::test::write_json(plugins / "escape.json", doc);
    CHECK_THAT(verify_plugin(plugins / "escape.json").refusal,
               Catch::Contains("\"library\" must be a file name"));
    doc = nlohmann::json::parse(iru::test::read_text(manifest));
    doc.erase("version");
    iru::test::write_json(plugins / "noversion.json", doc);
    CHECK_THAT(verify_plugin(plugins / "noversion.json").refusal,
               Catch::Contains("\"version\" must be a non-empty string"));
    doc = nlohmann::json::parse(iru::test::read_text(manifest));
    doc["record_types"].push_back("echo.extra");
    iru::test::write_json(plugins / "types.json", doc);
    CHECK_THAT(verify_plugin(plugins / "types.json").refusal,
               Catch::Contains("record types") && Catch::Contains("disagree"));
    doc = nlohmann::json::parse(iru::test::read_text(manifest));
    doc["credentials"] = nlohmann::json::array();
    iru::test::write_json(plugins / "creds.json", doc);
    CHECK_THAT(verify_plugin(plugins / "creds.json").refusal,
               Catch::Contains("descriptor credentials {token} disagree"));
}

TEST_CASE("discovery: a library that is not a shared object is refused with the loader's reason") {
    iru::test::TempDir dir;
    const fs::path plugins = dir.path() / "plugins";
    iru::test::install_test_plugin("echo", plugins);
    iru::test::write_text(plugins / "libecho.so", "this is not an ELF file", 0755);
    auto doc = nlohmann::json::parse(iru::test::read_text(plugins / "echo.json"));
    doc["sha256"] = iru::host::sha256_file_hex(plugins / "libecho.so");
    iru::test::write_json(plugins / "echo.json", doc);
    const DiscoveredPlugin p = verify_plugin(plugins / "echo.json");
    CHECK_FALSE(p.loadable());
    CHECK_THAT(p.refusal, Catch::Contains("libecho.so: the library does not load"));
}

TEST_CASE("discovery: a missing plugin_dir is an error, not a crash") {
    iru::test::TempDir dir;
    CHECK_THROWS_WITH(discover_plugins(dir.path() / "nope"), Catch::Contains("is not a directory"));
}
