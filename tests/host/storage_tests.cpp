// State store, envelope and run output on disk.
#include <catch2/catch.hpp>

#include "envelope.hpp"
#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "run_output.hpp"
#include "sha256.hpp"
#include "state_store.hpp"
#include "support/temp_dir.hpp"
#include "text_codec.hpp"

using namespace iru::host;
namespace fs = std::filesystem;
using nlohmann::json;

TEST_CASE("state: values persist across stores, binary values survive, limits hold") {
    iru::test::TempDir dir;
    const fs::path file = dir.path() / "state" / "src" / "state.json";
    {
        StateStore store(file);
        CHECK_FALSE(store.get("cursor"));
        CHECK(store.set("cursor", std::string("abc")).empty());
        CHECK(store.set("bytes", std::string("\xff\x00\x01", 3)).empty());
        CHECK_THAT(store.set("bad key", std::string("x")), Catch::Contains("printable ASCII"));
        CHECK_THAT(store.set(std::string(129, 'k'), std::string("x")), Catch::Contains("1..128"));
        CHECK_THAT(store.set("big", std::string(64 * 1024 + 1, 'x')),
                   Catch::Contains("larger than 64 KiB"));
        CHECK(store.set("gone", std::string("x")).empty());
        CHECK(store.set("gone", std::nullopt).empty());
        store.save();
    }
    StateStore again(file);
    CHECK(again.get("cursor") == "abc");
    CHECK(again.get("bytes") == std::string("\xff\x00\x01", 3));
    CHECK_FALSE(again.get("gone"));
    CHECK((fs::status(file).permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
          fs::perms::none);
    for (const auto& item : fs::directory_iterator(file.parent_path()))
        CHECK(item.path().filename() == "state.json");  // no temporary left behind
}

TEST_CASE("state: 50,000 keys round-trip, then the key and size bounds refuse more") {
    iru::test::TempDir dir;
    const fs::path file = dir.path() / "state" / "state.json";
    const auto key = [](std::size_t i) { return "app/" + std::to_string(i) + "/read"; };
    {
        StateStore store(file);
        for (std::size_t i = 0; i < 50'000; ++i)
            REQUIRE(store.set(key(i), "v" + std::to_string(i)).empty());
        store.save();
    }
    StateStore again(file);
    for (std::size_t i = 0; i < 50'000; i += 997)
        CHECK(again.get(key(i)) == "v" + std::to_string(i));
    CHECK(again.get(key(49'999)) == "v49999");
    CHECK(again.warning().empty());

    StateStore full(dir.path() / "full" / "state.json");
    const std::string value(60 * 1024, 'x');
    const auto wide_key = [](std::size_t i) { return "k" + std::to_string(10000 + i); };
    std::size_t stored = 0;
    std::string refusal;
    for (std::size_t i = 0; refusal.empty() && i < 2000; ++i) {
        refusal = full.set(wide_key(i), value);
        if (refusal.empty()) ++stored;
    }
    CHECK_THAT(refusal, Catch::Contains("more than 64 MiB"));
    CHECK(stored == StateStore::max_total_bytes / (value.size() + wide_key(0).size()));
    CHECK(full.set(wide_key(0), std::nullopt).empty());  // deleting frees room for another value
    CHECK(full.set("another", value).empty());
}

TEST_CASE("state: a corrupt file is moved aside with a warning") {
    iru::test::TempDir dir;
    const fs::path file = dir.path() / "state.json";
    iru::test::write_text(file, "{broken");
    StateStore store(file);
    CHECK_THAT(store.warning(), Catch::Contains("was unreadable"));
    CHECK(fs::exists(dir.path() / "state.json.corrupt"));
    CHECK_FALSE(store.get("anything"));
}

TEST_CASE("envelope: wraps valid records with a digest of the canonical data") {
    PluginDescription plugin;
    plugin.record_types = {"echo.item"};
    const EnvelopeContext context{"src-1", "run-1", &plugin};
    const auto ok =
        make_envelope(context, "echo.item", "k1", R"({ "b": 2, "a": [1, {"z": 0, "y": 1}] })");
    REQUIRE(ok.envelope);
    const json& e = *ok.envelope;
    CHECK(e["source_id"] == "src-1");
    CHECK(e["run_id"] == "run-1");
    CHECK(e["type"] == "echo.item");
    CHECK(e["key"] == "k1");
    CHECK(e["digest"] == "sha256:" + sha256_hex(R"({"a":[1,{"y":1,"z":0}],"b":2})"));
    CHECK(validate_envelope(e).empty());
    CHECK_THAT(e["observed_at"].get<std::string>(),
               Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"));

    CHECK(make_envelope(context, "echo.other", "k", "{}").rejection ==
          "record type echo.other is not declared by the plugin");
    CHECK(make_envelope(context, "echo.item", "", "{}").rejection ==
          "record key is empty, longer than 1024 bytes or not UTF-8");
    CHECK(make_envelope(context, "echo.item", "k", "[1]").rejection ==
          "record data is not a JSON object");
    CHECK(make_envelope(context, "echo.item", "k", "{nope").rejection ==
          "record data is not valid JSON");
    CHECK(make_envelope(context, "echo.item", "k", "{\"a\":\"\xff\"}").rejection.size() > 0);
    CHECK(make_envelope(context, "Echo Item", "k", "{}").rejection ==
          "record type is not a lowercase dotted name");

    json broken = e;
    broken["digest"] = "md5:x";
    CHECK(validate_envelope(broken) == "digest must be sha256:<64 hex>");
    broken = e;
    broken["extra"] = 1;
    CHECK(validate_envelope(broken) == "envelope has fields beyond the schema");
}

TEST_CASE("run output: nothing looks complete until finish, then files, sha256 and latest") {
    iru::test::TempDir dir;
    const fs::path out = dir.path() / "evidence";
    fs::path final_dir;
    {
        RunOutput output(out, "src", "run-a");
        output.write(json{{"n", 1}});
        output.write(json{{"n", 2}});
        CHECK(fs::exists(out / "src" / "run-a.partial" / "records.jsonl.tmp"));
        CHECK_FALSE(fs::exists(out / "src" / "run-a"));
        CHECK_FALSE(fs::exists(out / "src" / "latest"));
        final_dir = output.finish(json{{"status", "complete"}}, true);
    }
    CHECK(final_dir == out / "src" / "run-a");
    CHECK_FALSE(fs::exists(out / "src" / "run-a.partial"));
    const std::string records = iru::test::read_text(final_dir / "records.jsonl");
    CHECK(records == "{\"n\":1}\n{\"n\":2}\n");
    const json summary = json::parse(iru::test::read_text(final_dir / "summary.json"));
    CHECK(summary["records_sha256"] == sha256_hex(records));
    CHECK(summary["records_written"] == 2);
    CHECK(fs::read_symlink(out / "src" / "latest") == "run-a");

    {
        RunOutput failed(out, "src", "run-b");
        failed.finish(json{{"status", "auth_failed"}}, false);
    }
    CHECK(fs::read_symlink(out / "src" / "latest") == "run-a");  // failed runs do not move latest
    CHECK(fs::exists(out / "src" / "run-b" / "summary.json"));
    {
        RunOutput abandoned(out, "src", "run-c");
        abandoned.write(json{{"n", 1}});
    }  // never finished: stays .partial with a .tmp records file
    CHECK(fs::exists(out / "src" / "run-c.partial" / "records.jsonl.tmp"));
    CHECK_FALSE(fs::exists(out / "src" / "run-c"));
}

TEST_CASE("text codec: base64 round trip and UTF-8 validation") {
    for (const std::string& s : {std::string(""), std::string("f"), std::string("fo"),
                                 std::string("foo"), std::string("\x00\xff\x10", 3)})
        CHECK(base64_decode(base64_encode(s)) == s);
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK_THROWS(base64_decode("abc"));
    CHECK(is_valid_utf8("h\xc3\xa9llo"));
    CHECK_FALSE(is_valid_utf8("\xc3"));
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));      // overlong
    CHECK(printable("a\x1b[2Jb\n") == "a?[2Jb?");
    CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(printable("bad \xff\xc3\xa9") == "bad ???");
}
