// A minimal HTTP(S) client for the fake's tests: one request per call or on a kept session,
// bounded by a 10 s timeout. Not thread-safe per FakeClient; use one per thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/NameValueCollection.h>
#include <nlohmann/json.hpp>
#include <vector>

#include "fake_heroku/fake_heroku.hpp"

namespace iru::fake::test {

inline const std::string kAccept = "application/vnd.heroku+json; version=3";

struct Reply {
    int status = 0;
    Poco::Net::NameValueCollection headers;
    std::string body;
    std::string header(const std::string& name) const { return headers.get(name, ""); }
};

class FakeClient {
public:
    // Plain HTTP to the fake, or HTTPS without certificate verification when `tls`.
    FakeClient(const FakeHeroku& fake, bool tls = false);
    FakeClient(std::uint16_t port, std::string token, bool tls = false);
    ~FakeClient();

    // GET with the right Accept and Authorization unless overridden; extra headers replace defaults
    // ("" as a value removes that header).
    Reply get(const std::string& path, const std::map<std::string, std::string>& headers = {});
    Reply request(const std::string& method, const std::string& path,
                  const std::map<std::string, std::string>& headers = {});

private:
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
    std::string token_;
};

// Reads a whole list through 206 + Next-Range; fails the test on any other status.
// Returns the items in order; `pages` receives the number of requests made.
std::vector<nlohmann::json> walk_list(FakeClient& client, const std::string& path,
                                      const std::string& first_range, int* pages = nullptr);

}  // namespace iru::fake::test
