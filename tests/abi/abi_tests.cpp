// The Heroku plugin seen only through the C ABI, as any host sees it: exported symbols, version
// negotiation, the descriptor against the manifest, create/collect/cancel/destroy error paths,
// extensions, and a host that offers only the 1.0 table.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <iru/source_plugin.h>

#include "fake_heroku/fake_heroku.hpp"

namespace {

std::string run_command(const std::string& command) {
    std::array<char, 4096> buffer{};
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), &::pclose);
    REQUIRE(pipe != nullptr);
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr)
        out += buffer.data();
    return out;
}

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    return nlohmann::json::parse(in);
}

struct LoadedPlugin {
    void* handle = nullptr;
    const iru_plugin_entry* entry = nullptr;
    LoadedPlugin() {
        handle = ::dlopen(IRU_HEROKU_PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL);
        REQUIRE(handle != nullptr);
        entry =
            static_cast<const iru_plugin_entry*>(::dlsym(handle, IRU_SOURCE_PLUGIN_ENTRY_SYMBOL));
        REQUIRE(entry != nullptr);
    }
    ~LoadedPlugin() {
        if (handle != nullptr) ::dlclose(handle);
    }
    const iru_source_plugin* table() const {
        const iru_abi_version host{IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR};
        const iru_source_plugin* t = entry->negotiate(&host);
        REQUIRE(t != nullptr);
        return t;
    }
};

// A minimal host: no credentials unless given, records and logs kept in memory.
struct TestHost {
    iru_host host{};
    std::string credential;
    bool has_credential = false;
    std::vector<std::string> logs;
    std::vector<std::string> record_types;
    std::vector<std::string> extensions_asked;

    explicit TestHost(std::uint32_t major = IRU_PLUGIN_ABI_MAJOR) {
        host.struct_size = sizeof(iru_host);
        host.abi_version = {major, IRU_PLUGIN_ABI_MINOR};
        host.host_data = this;
        host.host_name = "abi-test-host";
        host.host_version = "0";
        host.log = [](const iru_host* h, std::int32_t, const char* msg) {
            self(h)->logs.emplace_back(msg);
        };
        host.get_credential = [](const iru_host* h, const char*, iru_lend_fn use, void* ctx) {
            if (!self(h)->has_credential) return static_cast<std::int32_t>(IRU_STATUS_NOT_FOUND);
            use(ctx, self(h)->credential.data(), self(h)->credential.size());
            return static_cast<std::int32_t>(IRU_STATUS_OK);
        };
        host.emit = [](const iru_host* h, const iru_record* r) {
            self(h)->record_types.emplace_back(r->type);
            return static_cast<std::int32_t>(IRU_STATUS_OK);
        };
        host.progress = [](const iru_host*, const iru_progress*) {};
        host.should_cancel = [](const iru_host*) { return static_cast<std::int32_t>(0); };
        host.state_get = [](const iru_host*, const char*, iru_lend_fn, void*) {
            return static_cast<std::int32_t>(IRU_STATUS_NOT_FOUND);
        };
        host.state_set = [](const iru_host*, const char*, const char*, std::uint64_t) {
            return static_cast<std::int32_t>(IRU_STATUS_OK);
        };
        host.get_extension = [](const iru_host* h, const char* id) -> const void* {
            self(h)->extensions_asked.emplace_back(id);
            return nullptr;
        };
    }
    // Makes this a host of ABI 1.0: the table ends before get_extension. The field stays set, so a
    // plugin that read past struct_size would be seen asking.
    void shrink_to_1_0() {
        host.struct_size = static_cast<std::uint32_t>(offsetof(iru_host, get_extension));
        host.abi_version.minor = 0;
    }
    static TestHost* self(const iru_host* h) { return static_cast<TestHost*>(h->host_data); }
};

}  // namespace

TEST_CASE("the plugin exports the entry symbol and nothing else", "[exports]") {
    const std::string out =
        run_command(std::string("nm -D --defined-only '") + IRU_HEROKU_PLUGIN_FILE + "'");
    std::istringstream lines(out);
    std::vector<std::string> symbols;
    for (std::string line; std::getline(lines, line);) {
        const auto space = line.find_last_of(' ');
        symbols.push_back(space == std::string::npos ? line : line.substr(space + 1));
    }
    REQUIRE(symbols == std::vector<std::string>{"iru_source_plugin_entry"});
}

TEST_CASE("versions are negotiated before anything else", "[negotiation]") {
    LoadedPlugin plugin;
    REQUIRE(plugin.entry->struct_size >= sizeof(iru_plugin_entry));
    CHECK(plugin.entry->abi_version.major == IRU_PLUGIN_ABI_MAJOR);
    CHECK(plugin.entry->abi_version.minor == IRU_PLUGIN_ABI_MINOR);

    const iru_abi_version newer_major{IRU_PLUGIN_ABI_MAJOR + 1, 0};
    const iru_abi_version older_major{IRU_PLUGIN_ABI_MAJOR - 1, 9};
    const iru_abi_version newer_minor{IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR + 3};
    CHECK(plugin.entry->negotiate(&newer_major) == nullptr);
    CHECK(plugin.entry->negotiate(&older_major) == nullptr);
    CHECK(plugin.entry->negotiate(nullptr) == nullptr);
    const iru_source_plugin* table = plugin.entry->negotiate(&newer_minor);
    REQUIRE(table != nullptr);
    CHECK(table->struct_size >= sizeof(iru_source_plugin));
}

TEST_CASE("the descriptor agrees with the checked-in and the installed manifest", "[descriptor]") {
    LoadedPlugin plugin;
    const iru_plugin_descriptor* d = plugin.table()->describe();
    REQUIRE(d != nullptr);
    REQUIRE(IRU_STRUCT_HAS(d, iru_plugin_descriptor, options_schema));

    for (const std::string& path :
         {std::string(IRU_SOURCE_MANIFEST), std::string(IRU_PLUGIN_DIR) + "/heroku.json"}) {
        INFO(path);
        const auto manifest = read_json(path);
        CHECK(manifest.at("id") == d->id);
        CHECK(manifest.at("name") == d->name);
        CHECK(manifest.at("version") == d->version);
        CHECK(manifest.at("abi").at("major") == plugin.entry->abi_version.major);
        CHECK(manifest.at("abi").at("minor") == plugin.entry->abi_version.minor);
        std::vector<std::string> types;
        for (auto p = d->record_types; *p != nullptr; ++p) types.emplace_back(*p);
        CHECK(manifest.at("record_types").get<std::vector<std::string>>() == types);
        std::vector<std::string> credentials;
        for (auto p = d->credential_names; *p != nullptr; ++p) credentials.emplace_back(*p);
        std::vector<std::string> manifest_credentials;
        for (const auto& c : manifest.at("credentials"))
            manifest_credentials.push_back(c.at("name"));
        CHECK(manifest_credentials == credentials);
        CHECK(manifest.at("options") == nlohmann::json::parse(d->options_schema));
    }
}

TEST_CASE("the installed manifest carries the library's name and sha256", "[manifest]") {
    const auto manifest = read_json(std::string(IRU_PLUGIN_DIR) + "/heroku.json");
    const std::string library = IRU_HEROKU_PLUGIN_FILE;
    CHECK(manifest.at("library") == library.substr(library.find_last_of('/') + 1));
    const std::string sum = run_command("sha256sum '" + library + "'");
    CHECK(manifest.at("sha256") == sum.substr(0, 64));
}

TEST_CASE("create refuses unknown and ill-typed options with a message naming them", "[create]") {
    LoadedPlugin plugin;
    const iru_source_plugin* t = plugin.table();
    TestHost host;
    struct Case {
        std::string options;
        std::int32_t status;
        std::string message_part;
    };
    const std::vector<Case> cases = {
        {R"({"concurency": 4})", IRU_STATUS_BAD_CONFIG, "unknown option 'concurency'"},
        {R"({"concurrency": "eight"})", IRU_STATUS_BAD_CONFIG,
         "option 'concurrency' must be an integer"},
        {R"({"concurrency": 64})", IRU_STATUS_BAD_CONFIG, "from 1 to 32"},
        {R"({"include": ["heroku.nope"]})", IRU_STATUS_BAD_CONFIG,
         "unknown record type 'heroku.nope'"},
        {R"({"teams": "core"})", IRU_STATUS_BAD_CONFIG,
         "option 'teams' must be an array of strings"},
        {R"([1, 2])", IRU_STATUS_BAD_CONFIG, "must be a JSON object"},
        {R"({"api_url": )", IRU_STATUS_BAD_CONFIG, "not valid JSON"},
        {R"({"api_url": "http://example.com"})", IRU_STATUS_BAD_CONFIG, "http"},
    };
    for (const auto& c : cases) {
        INFO(c.options);
        iru_instance* instance = reinterpret_cast<iru_instance*>(&host);  // must be overwritten
        CHECK(t->create(&host.host, c.options.data(), c.options.size(), &instance) == c.status);
        CHECK(instance == nullptr);
        CHECK_THAT(std::string(t->last_error(nullptr)), Catch::Contains(c.message_part));
    }
}

TEST_CASE("create refuses a host of another ABI major", "[create]") {
    LoadedPlugin plugin;
    TestHost host(IRU_PLUGIN_ABI_MAJOR + 1);
    iru_instance* instance = nullptr;
    CHECK(plugin.table()->create(&host.host, "{}", 2, &instance) == IRU_STATUS_UNSUPPORTED);
    CHECK(instance == nullptr);
    CHECK_THAT(std::string(plugin.table()->last_error(nullptr)), Catch::Contains("ABI"));
}

TEST_CASE("an instance without a token fails clearly and can be cancelled and destroyed",
          "[lifecycle]") {
    LoadedPlugin plugin;
    const iru_source_plugin* t = plugin.table();
    TestHost host;
    iru_instance* instance = nullptr;
    const std::string options = R"({"api_url": "http://127.0.0.1:9", "concurrency": 2})";
    REQUIRE(t->create(&host.host, options.data(), options.size(), &instance) == IRU_STATUS_OK);
    REQUIRE(instance != nullptr);
    CHECK(std::string(t->last_error(instance)).empty());
    t->cancel(instance);  // harmless while nothing runs

    CHECK(t->collect(instance) == IRU_STATUS_BAD_CONFIG);
    CHECK_THAT(std::string(t->last_error(instance)),
               Catch::Contains("no credential named 'token'"));
    CHECK(host.record_types.empty());

    host.has_credential = true;
    host.credential.clear();
    CHECK(t->collect(instance) == IRU_STATUS_AUTH_FAILED);
    CHECK_THAT(std::string(t->last_error(instance)),
               Catch::Contains("heroku authorizations:create"));
    t->destroy(instance);
    t->destroy(nullptr);
}

TEST_CASE("the descriptor names the summary record type, one of its record types", "[descriptor]") {
    LoadedPlugin plugin;
    const iru_plugin_descriptor* d = plugin.table()->describe();
    REQUIRE(IRU_STRUCT_HAS(d, iru_plugin_descriptor, summary_record_type));
    REQUIRE(d->summary_record_type != nullptr);
    CHECK(std::string(d->summary_record_type) == "heroku.collection_summary");
    bool listed = false;
    for (auto p = d->record_types; *p != nullptr; ++p)
        listed = listed || std::string(*p) == d->summary_record_type;
    CHECK(listed);
}

TEST_CASE(
    "get_extension answers NULL for an id the plugin does not offer, with or without an instance",
    "[extensions]") {
    LoadedPlugin plugin;
    const iru_source_plugin* t = plugin.table();
    REQUIRE(IRU_STRUCT_HAS(t, iru_source_plugin, get_extension));
    REQUIRE(t->get_extension != nullptr);
    CHECK(t->get_extension(nullptr, "iru.no-such-extension/1") == nullptr);
    CHECK(t->get_extension(nullptr, "") == nullptr);
    CHECK(t->get_extension(nullptr, nullptr) == nullptr);
    TestHost host;
    iru_instance* instance = nullptr;
    REQUIRE(t->create(&host.host, "{}", 2, &instance) == IRU_STATUS_OK);
    CHECK(t->get_extension(instance, "iru.no-such-extension/1") == nullptr);
    t->destroy(instance);
}

TEST_CASE(
    "a host with only the 1.0 table runs the 1.1 plugin, which reads nothing past struct_size",
    "[compatibility]") {
    iru::fake::Config config;
    config.account.apps = 3;
    config.account.teams = 1;
    config.account.members_per_team = 2;
    config.account.releases_per_app = 1;
    iru::fake::FakeHeroku fake(config);
    fake.start();

    LoadedPlugin plugin;
    const iru_source_plugin* t = plugin.table();
    TestHost host;
    host.shrink_to_1_0();
    REQUIRE_FALSE(IRU_STRUCT_HAS(&host.host, iru_host, get_extension));
    host.has_credential = true;
    host.credential = fake.token();
    iru_instance* instance = nullptr;
    const std::string options =
        nlohmann::json{{"api_url", fake.base_url()}, {"connect_timeout", 2}}.dump();
    REQUIRE(t->create(&host.host, options.data(), options.size(), &instance) == IRU_STATUS_OK);
    CHECK(t->collect(instance) == IRU_STATUS_OK);
    INFO(std::string(t->last_error(instance)));
    t->destroy(instance);
    CHECK(host.extensions_asked.empty());
    CHECK(std::count(host.record_types.begin(), host.record_types.end(), "heroku.app") == 3);
    REQUIRE_FALSE(host.record_types.empty());
    CHECK(host.record_types.back() == "heroku.collection_summary");
}

TEST_CASE("iru.check/1 through the ABI: the report is lent, no record is emitted", "[extensions]") {
    iru::fake::Config config;
    config.account.apps = 2;
    config.account.teams = 1;
    config.account.members_per_team = 1;
    config.account.releases_per_app = 1;
    iru::fake::FakeHeroku fake(config);
    fake.start();

    LoadedPlugin plugin;
    const iru_source_plugin* t = plugin.table();
    const auto* library_check =
        static_cast<const iru_check_ext*>(t->get_extension(nullptr, IRU_EXT_CHECK));
    REQUIRE(library_check != nullptr);
    REQUIRE(IRU_STRUCT_HAS(library_check, iru_check_ext, run_check));
    TestHost host;
    host.has_credential = true;
    host.credential = fake.token();
    iru_instance* instance = nullptr;
    const std::string options =
        nlohmann::json{{"api_url", fake.base_url()}, {"connect_timeout", 2}}.dump();
    REQUIRE(t->create(&host.host, options.data(), options.size(), &instance) == IRU_STATUS_OK);
    const auto* check =
        static_cast<const iru_check_ext*>(t->get_extension(instance, IRU_EXT_CHECK));
    REQUIRE(check == library_check);
    std::string report;
    const iru_lend_fn take = [](void* ctx, const char* value, std::uint64_t len) {
        static_cast<std::string*>(ctx)->assign(value, len);
    };
    CHECK(check->run_check(instance, take, &report) == IRU_STATUS_OK);
    const auto parsed = nlohmann::json::parse(report);
    CHECK(parsed["identity"]["name"] == fake.account().me().email);
    CHECK(parsed["credential"]["state"] == "accepted");
    CHECK(report.find(fake.token()) == std::string::npos);
    CHECK(host.record_types.empty());

    host.credential = "wrong-token";
    report.clear();
    CHECK(check->run_check(instance, take, &report) == IRU_STATUS_AUTH_FAILED);
    CHECK(nlohmann::json::parse(report)["credential"]["state"] == "rejected");
    CHECK_THAT(std::string(t->last_error(instance)), Catch::Contains("GET /account"));
    t->destroy(instance);
}

TEST_CASE("the library unloads while a thread that called create is still running", "[unload]") {
    // Not already loaded by anything else in this process.
    REQUIRE(::dlopen(IRU_HEROKU_PLUGIN_FILE, RTLD_NOW | RTLD_NOLOAD) == nullptr);
    void* handle = ::dlopen(IRU_HEROKU_PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL);
    REQUIRE(handle != nullptr);
    const auto* entry =
        static_cast<const iru_plugin_entry*>(::dlsym(handle, IRU_SOURCE_PLUGIN_ENTRY_SYMBOL));
    REQUIRE(entry != nullptr);
    const iru_abi_version version{IRU_PLUGIN_ABI_MAJOR, IRU_PLUGIN_ABI_MINOR};
    const iru_source_plugin* t = entry->negotiate(&version);
    REQUIRE(t != nullptr);

    // A worker creates (once failing, so last_error(NULL) holds a message, once for real),
    // destroys, and then stays alive until the library is gone.
    std::mutex mutex;
    std::condition_variable changed;
    bool created = false, unloaded = false;
    std::string failure;
    std::thread worker([&] {
        TestHost host;
        iru_instance* instance = nullptr;
        const std::string bad = R"({"concurrency": 0})";
        const std::int32_t bad_status = t->create(&host.host, bad.data(), bad.size(), &instance);
        const std::string message = t->last_error(nullptr);
        const std::int32_t good_status = t->create(&host.host, "{}", 2, &instance);
        if (bad_status != IRU_STATUS_BAD_CONFIG ||
            message.find("concurrency") == std::string::npos || good_status != IRU_STATUS_OK)
            failure = "create did not behave: " + message;
        t->destroy(instance);
        std::unique_lock lock(mutex);
        created = true;
        changed.notify_all();
        changed.wait(lock, [&] { return unloaded; });
    });
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return created; });
    }
    // The main thread has called create too (a failing one).
    TestHost host;
    iru_instance* instance = nullptr;
    CHECK(t->create(&host.host, "[]", 2, &instance) == IRU_STATUS_BAD_CONFIG);
    CHECK_THAT(std::string(t->last_error(nullptr)), Catch::Contains("must be a JSON object"));

    CHECK(::dlclose(handle) == 0);
    void* still = ::dlopen(IRU_HEROKU_PLUGIN_FILE, RTLD_NOW | RTLD_NOLOAD);
    CHECK(still == nullptr);  // really unmapped, though both threads that called create are alive
    if (still != nullptr) ::dlclose(still);
    {
        std::lock_guard lock(mutex);
        unloaded = true;
    }
    changed.notify_all();
    worker.join();
    CHECK(failure.empty());
}
