#include "http_get.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace iru::fake::test {

FakeClient::FakeClient(const FakeHeroku& fake, bool tls)
    : FakeClient(fake.port(), fake.token(), tls) {}

FakeClient::FakeClient(std::uint16_t port, std::string token, bool tls) : token_(std::move(token)) {
    if (tls) {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr context = new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE);
        session_ = std::make_unique<Poco::Net::HTTPSClientSession>("127.0.0.1", port, context);
    } else {
        session_ = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
    }
    session_->setKeepAlive(true);
    session_->setTimeout(Poco::Timespan(10, 0));
}

FakeClient::~FakeClient() = default;

Reply FakeClient::get(const std::string& path, const std::map<std::string, std::string>& headers) {
    return request("GET", path, headers);
}

Reply FakeClient::request(const std::string& method, const std::string& path,
                          const std::map<std::string, std::string>& headers) {
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    std::map<std::string, std::string> all = {{"Accept", kAccept},
                                              {"Authorization", "Bearer " + token_},
                                              {"User-Agent", "fake-tests/1.0"}};
    for (const auto& [k, v] : headers) all[k] = v;
    for (const auto& [k, v] : all)
        if (!v.empty()) req.set(k, v);
    if (method != "GET") req.setContentLength(0);
    session_->sendRequest(req);
    Poco::Net::HTTPResponse res;
    std::istream& in = session_->receiveResponse(res);
    Reply reply;
    reply.status = static_cast<int>(res.getStatus());
    for (const auto& [k, v] : res) reply.headers.add(k, v);
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

std::vector<nlohmann::json> walk_list(FakeClient& client, const std::string& path,
                                      const std::string& first_range, int* pages) {
    std::vector<nlohmann::json> items;
    std::string range = first_range;
    int count = 0;
    for (;;) {
        REQUIRE(count < 1000);
        const Reply r = client.get(path, {{"Range", range}});
        ++count;
        REQUIRE((r.status == 200 || r.status == 206));
        for (auto& item : nlohmann::json::parse(r.body)) items.push_back(std::move(item));
        if (r.status == 200) {
            CHECK(r.header("Next-Range").empty());
            break;
        }
        const std::string next = r.header("Next-Range");
        REQUIRE_FALSE(next.empty());
        REQUIRE(next != range);
        range = next;
    }
    if (pages != nullptr) *pages = count;
    return items;
}

}  // namespace iru::fake::test
