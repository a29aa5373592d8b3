// A private host for in-process source runs with the test plugins: its own plugin, state and
// output folders in a temporary directory, the plugins discovered there, and a terminal that
// writes to strings. One thread; the folders are removed with the bench.
#pragma once

#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "host_test_support.hpp"
#include "plugin_discovery.hpp"
#include "source_runner.hpp"
#include "support/temp_dir.hpp"

namespace iru::test {

struct RunnerBench {
    TempDir dir;
    host::HostConfig config;
    std::vector<host::DiscoveredPlugin> plugins;
    std::ostringstream out;
    std::ostringstream err;
    host::Terminal terminal{out, err, false};
    host::CancelRegistry cancel;

    // plugin_cases: the test plugin cases to install (tests/plugins).
    explicit RunnerBench(std::initializer_list<const char*> plugin_cases) {
        for (const char* c : plugin_cases) install_test_plugin(c, dir.path() / "plugins");
        config.file = dir.path() / "host.json";
        config.plugin_dir = dir.path() / "plugins";
        config.state_dir = dir.path() / "state";
        config.output_dir = dir.path() / "out";
        plugins = host::discover_plugins(config.plugin_dir);
    }

    static host::SourceConfig source(const std::string& id, const std::string& plugin,
                                     nlohmann::json options) {
        host::SourceConfig s;
        s.id = id;
        s.plugin = plugin;
        s.json_path = "/sources/0";
        s.options = std::move(options);
        return s;
    }

    host::SourceRunResult run(const host::SourceConfig& s,
                              const host::SourceRunOptions& options = {}) {
        const host::DiscoveredPlugin* p = host::find_plugin(plugins, s.plugin);
        REQUIRE(p != nullptr);
        return host::run_source(config, s, *p, cancel, terminal, options);
    }
};

}  // namespace iru::test
