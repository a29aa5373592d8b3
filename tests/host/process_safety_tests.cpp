// What the host does to its own process and its terminal: no core dumps, SIGPIPE ignored (seen from
// inside a plugin), no terminal controls or bidi overrides from plugin or server text, and a run
// that throws anything (bad_alloc, or not even a std::exception) does not end the scheduler.
#include <catch2/catch.hpp>

#include <new>
#include <sstream>

#include <iru/source_plugin.h>

#include "host_test_support.hpp"
#include "process_runner.hpp"
#include "scheduler.hpp"
#include "secret_buffer.hpp"
#include "support/temp_dir.hpp"
#include "terminal.hpp"
#include "text_codec.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace iru::host;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;
const std::string csi_c1 = "\xc2\x9b";   // U+009B, the one-character CSI
const std::string rlo = "\xe2\x80\xae";  // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string lri = "\xe2\x81\xa6";  // U+2066 LEFT-TO-RIGHT ISOLATE

}  // namespace

TEST_CASE("terminal text: C1 controls and bidi overrides are replaced, other text is kept") {
    CHECK(printable(csi_c1 + "31mred") == "?31mred");
    CHECK(printable("evil" + rlo + "txt.exe") == "evil?txt.exe");
    CHECK(printable("a" + lri +
                    "b\xe2\x80\x8f"
                    "c") == "a?b?c");                       // U+2066, U+200F
    CHECK(printable("\xc2\x85next line") == "?next line");  // U+0085 NEL
    CHECK(printable("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\x91 \xe2\x80\x8d") ==
          "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\x91 \xe2\x80\x8d");  // é, em dash, emoji, ZWJ kept
    CHECK(printable("a\x1b[2Jb\n\tc") == "a?[2Jb?\tc");
    CHECK(printable("line\nnext\r", true) == "line\nnext?");
    CHECK(is_terminal_control(0x9b));
    CHECK(is_terminal_control(0x202e));
    CHECK_FALSE(is_terminal_control(0xa0));
    CHECK_FALSE(is_terminal_control(0x2070));
}

TEST_CASE("terminal text: log lines, progress and printed tables carry no controls") {
    std::ostringstream out, err;
    Terminal terminal(out, err, false, std::chrono::milliseconds(0));
    terminal.log("s", LogLevel::warn, "x" + csi_c1 + "2J" + rlo + "y");
    ProgressView view;
    view.source_id = "s";
    view.phase = "phase" + rlo;
    view.by_type["t." + csi_c1] = 1;
    terminal.progress(view);
    terminal.print("table\n" + csi_c1 + "row" + rlo + "\n");
    for (const std::string& text : {out.str(), err.str()}) {
        CHECK(text.find(csi_c1) == std::string::npos);
        CHECK(text.find(rlo) == std::string::npos);
        CHECK(text.find('\x1b') == std::string::npos);
    }
    CHECK(out.str() == "table\n?row?\n");
    CHECK_THAT(err.str(), Catch::Contains("s: x?2J?y"));
}

TEST_CASE(
    "run binary: a plugin's message with C1 and bidi controls reaches stdout and stderr without "
    "them") {
    iru::test::TempDir dir;
    iru::test::install_test_plugin("echo", dir.path() / "plugins");
    const fs::path config = dir.path() / "host.json";
    const std::string message = "bad " + csi_c1 + "31m" + rlo + "gnp.exe\x1b]0;title\x07";
    iru::test::write_json(
        config,
        {{"plugin_dir", "plugins"},
         {"state_dir", "state"},
         {"output_dir", "out"},
         {"sources", json::array({{{"id", "s"},
                                   {"plugin", "echo"},
                                   {"options", {{"status", "network"}, {"message", message}}}}})}});
    const auto r = iru::test::run_process(binary, {"run", "--config", config.string(), "--once"},
                                          {}, dir.path());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("bad ?31m?gnp.exe?]0;title?"));
    for (const std::string& text : {r.out, r.err}) {
        CHECK(text.find(csi_c1) == std::string::npos);
        CHECK(text.find(rlo) == std::string::npos);
        CHECK(text.find('\x1b') == std::string::npos);
    }
}

TEST_CASE("run binary: the host runs undumpable, without core files, with SIGPIPE ignored") {
    iru::test::TempDir dir;
    iru::test::install_test_plugin("probe", dir.path() / "plugins");
    const fs::path config = dir.path() / "host.json";
    iru::test::write_json(
        config,
        {{"plugin_dir", "plugins"},
         {"state_dir", "state"},
         {"output_dir", "out"},
         {"sources",
          json::array({{{"id", "p"}, {"plugin", "probe"}, {"options", {{"action", "report"}}}}})}});
    const auto r = iru::test::run_process(binary, {"run", "--config", config.string(), "--once"},
                                          {}, dir.path());
    REQUIRE(r.exit_code == 0);
    const auto records =
        iru::test::read_jsonl(dir.path() / "out" / "p" / "latest" / "records.jsonl");
    REQUIRE(records.size() == 1);
    const json& facts = records[0]["data"];
    CHECK(facts["dumpable"] == 0);
    CHECK(facts["core_soft"] == 0);
    CHECK(facts["core_hard"] == 0);
    CHECK(facts["sigpipe_ignored"] == true);
}

TEST_CASE(
    "scheduler: a run that throws bad_alloc or a non-standard exception does not end the "
    "schedule") {
    std::ostringstream out, err;
    Terminal terminal(out, err, false);
    CancelRegistry cancel;
    SourceConfig oom, odd, good;
    oom.id = "oom";
    odd.id = "odd";
    good.id = "good";
    const ScheduleOutcome outcome = run_schedule(
        {&oom, &odd, &good}, true, cancel,
        [](const SourceConfig& s) {
            if (s.id == "oom") throw std::bad_alloc();
            if (s.id == "odd") throw 42;  // not a std::exception
            SourceRunResult r;
            r.source_id = s.id;
            r.status = RunStatus::complete;
            return r;
        },
        terminal);
    REQUIRE(outcome.last_runs.size() == 3);
    std::map<std::string, SourceRunResult> by_id;
    for (const auto& run : outcome.last_runs) by_id[run.source_id] = run;
    CHECK(by_id["oom"].status == RunStatus::host_error);
    CHECK(by_id["oom"].message == "host error: out of memory");
    CHECK(by_id["odd"].status == RunStatus::host_error);
    CHECK(by_id["odd"].message == "host error: unknown exception");
    CHECK(by_id["good"].status == RunStatus::complete);
}

TEST_CASE("secret buffer: its pages are left out of core dumps") {
    const SecretBuffer secret(std::string_view("IRU-SECRET-MARKER-dontdump"));
    const auto address = reinterpret_cast<std::uintptr_t>(secret.view().data());
    const std::string smaps = iru::test::read_text("/proc/self/smaps");
    bool found = false;
    bool dontdump = false;
    std::istringstream lines(smaps);
    for (std::string line; std::getline(lines, line);) {
        std::uintptr_t from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2) {  // a mapping's header line
            found = address >= from && address < to;
        } else if (found && line.rfind("VmFlags:", 0) == 0) {
            dontdump = line.find(" dd") != std::string::npos;
            break;
        }
    }
    CHECK(dontdump);
    CHECK(secret.view() == "IRU-SECRET-MARKER-dontdump");
}
