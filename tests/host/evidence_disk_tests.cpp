// Evidence and state on disk: files 0600 and folders 0700 whatever the umask, output and state
// folders private to the user and never symlinks, and a write error (disk full) that ends the run
// as failed without anything renamed to look complete, with counts that match the file.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "host_test_support.hpp"
#include "private_folder.hpp"
#include "process_runner.hpp"
#include "run_output.hpp"
#include "sha256.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace iru::host;

namespace {

const std::string binary = IRU_HOST_STUB_BINARY;

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_mode & 07777u;
}

struct Site {
    iru::test::TempDir dir;
    fs::path config = dir.path() / "host.json";
    Site() { iru::test::install_test_plugin("echo", dir.path() / "plugins"); }
    fs::path out() const { return dir.path() / "out"; }
    fs::path state() const { return dir.path() / "state"; }
    void configure(const json& options) const {
        iru::test::write_json(
            config,
            {{"plugin_dir", "plugins"},
             {"state_dir", "state"},
             {"output_dir", "out"},
             {"sources", json::array({{{"id", "s"}, {"plugin", "echo"}, {"options", options}}})}});
    }
    // Runs `run --once` through a shell that first applies `prelude` (umask, ulimit, trap).
    iru::test::ProcessResult run(const std::string& prelude = "") const {
        return iru::test::run_process(
            "/bin/sh",
            {"-c", prelude + "\nexec \"$0\" run --config \"$1\" --once", binary, config.string()},
            {}, dir.path());
    }
    std::vector<fs::path> run_folders() const {
        std::vector<fs::path> found;
        for (const auto& item : fs::directory_iterator(out() / "s"))
            if (item.is_directory() && !item.is_symlink()) found.push_back(item.path());
        return found;
    }
};

}  // namespace

TEST_CASE("evidence: files are 0600 and folders 0700 whatever the umask") {
    for (const std::string umask : {"000", "277"}) {
        INFO("umask " << umask);
        Site site;
        site.configure({{"count", 2}, {"state_counter", true}});
        const auto r = site.run("umask " + umask);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const auto runs = site.run_folders();
        REQUIRE(runs.size() == 1);
        for (const fs::path& folder :
             {site.out(), site.out() / "s", runs[0], site.state(), site.state() / "s"})
            CHECK(mode_of(folder) == 0700u);
        for (const fs::path& file : {runs[0] / "records.jsonl", runs[0] / "summary.json",
                                     site.state() / "s" / "state.json"})
            CHECK(mode_of(file) == 0600u);
    }
}

TEST_CASE(
    "evidence: an output or state folder that is shared, a symlink or someone else's is refused") {
    Site site;
    site.configure({{"count", 1}});
    fs::create_directory(site.out());
    ::chmod(site.out().c_str(), 0755);
    auto r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains(site.out().string() +
                               " has mode 0755, but evidence and state folders must be private; "
                               "fix with chmod 700 " +
                               site.out().string()));
    CHECK(fs::is_empty(site.out()));

    ::chmod(site.out().c_str(), 0700);
    fs::create_directory(site.state());
    ::chmod(site.state().c_str(), 0700);
    fs::create_directory(site.state() / "s");
    ::chmod((site.state() / "s").c_str(), 0750);
    r = site.run();
    CHECK(r.exit_code == 1);  // that source fails; its folder is not changed
    CHECK_THAT(r.out, Catch::Contains((site.state() / "s").string() +
                                      " has mode 0750"));  // the report says it
    CHECK(mode_of(site.state() / "s") == 0750u);

    fs::remove_all(site.state());
    fs::create_directory(site.dir.path() / "elsewhere");
    ::chmod((site.dir.path() / "elsewhere").c_str(), 0700);
    fs::create_directory_symlink(site.dir.path() / "elsewhere", site.state());
    r = site.run();
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains(site.state().string() + " is a symbolic link"));

    if (::geteuid() == 0) {  // only root can give a folder away
        fs::remove(site.state());
        fs::create_directory(site.state());
        ::chmod(site.state().c_str(), 0700);
        REQUIRE(::chown(site.state().c_str(), 65534, 65534) == 0);
        r = site.run();
        CHECK(r.exit_code == 4);
        CHECK_THAT(r.err,
                   Catch::Contains(site.state().string() +
                                   " is owned by uid 65534, not by the user running the host"));
    }
}

TEST_CASE(
    "evidence: a full disk ends the run as failed, leaves nothing complete and counts what the "
    "file holds") {
    Site site;
    site.configure({{"count", 3000}});
    // A real write error: the file size limit (64 KiB) with SIGXFSZ ignored makes write() fail with
    // EFBIG.
    const auto r = site.run("ulimit -f 64 && trap '' XFSZ");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains("host_error") && Catch::Contains("writing evidence failed"));
    const auto runs = site.run_folders();
    REQUIRE(runs.size() == 1);
    const fs::path partial = runs[0];
    CHECK(partial.extension() == ".partial");
    CHECK_FALSE(fs::exists(site.out() / "s" / "latest"));
    CHECK_FALSE(fs::exists(partial / "records.jsonl"));
    const auto lines =
        iru::test::read_jsonl(partial / RunOutput::records_temporary_name);  // every line whole
    REQUIRE(lines.size() > 10);
    CHECK(lines.size() < 3000);
    const json summary = json::parse(iru::test::read_text(partial / "summary.json"));
    CHECK(summary["status"] == "host_error");
    CHECK(summary["records_written"] == lines.size());
    CHECK_FALSE(summary.contains("records_total"));  // counted once: records_written
    CHECK(summary["records_sha256"] ==
          sha256_file_hex(partial / RunOutput::records_temporary_name));
    // The table's RECORDS column says the same.
    CHECK_THAT(r.out, Catch::Contains("host_error        " + std::to_string(lines.size()) + " "));

    site.configure({{"count", 1}});
    const auto next = site.run();
    CHECK(next.exit_code == 0);
    CHECK_THAT(next.err, Catch::Contains("1 incomplete run(s) left") &&
                             Catch::Contains("1 failed while writing evidence"));
    CHECK_THAT(next.err, !Catch::Contains("deleted"));
    CHECK(fs::exists(partial / "summary.json"));
}

TEST_CASE("evidence: a write error cuts the torn line, refuses later records and renames nothing") {
    iru::test::TempDir dir;
    const fs::path out = dir.path() / "out";
    RunOutput output(out, "s", "run-1");
    output.set_write_limit_for_tests(1000);
    std::uint64_t written = 0;
    const json envelope = {{"type", "t"}, {"data", {{"text", std::string(90, 'x')}}}};
    CHECK_THROWS_WITH(
        [&] {
            for (;; ++written) output.write(envelope);
        }(),
        Catch::Contains("cannot write records for run run-1"));
    CHECK(output.failed());
    CHECK(output.records_written() == written);
    CHECK_THROWS(output.write(envelope));
    const fs::path partial = out / "s" / "run-1.partial";
    CHECK(iru::test::read_jsonl(partial / RunOutput::records_temporary_name).size() == written);
    CHECK_THROWS_WITH(output.finish({{"status", "complete"}}, true),
                      Catch::Contains("cannot write records"));
    CHECK_FALSE(fs::exists(out / "s" / "run-1"));
    CHECK_FALSE(fs::exists(out / "s" / "latest"));
    const json summary = json::parse(iru::test::read_text(partial / "summary.json"));
    CHECK(summary["status"] == "host_error");
    CHECK(summary["records_written"] == written);
    CHECK(summary["records_file"] == "records.jsonl.tmp");
}

TEST_CASE(
    "evidence: ensure_private_folder creates 0700 parents and refuses what it did not create") {
    iru::test::TempDir dir;
    const fs::path nested = dir.path() / "a" / "b" / "c";
    const mode_t old_mask = ::umask(0);
    ensure_private_folder(nested);
    ::umask(old_mask);
    CHECK(mode_of(dir.path() / "a") == 0700u);
    CHECK(mode_of(nested) == 0700u);
    ::chmod(nested.c_str(), 0711);
    CHECK_THROWS_WITH(ensure_private_folder(nested),
                      Catch::Contains("has mode 0711") && Catch::Contains("chmod 700"));
    iru::test::write_text(dir.path() / "file", "x");
    CHECK_THROWS_WITH(ensure_private_folder(dir.path() / "file"),
                      Catch::Contains("is not a folder"));
}
