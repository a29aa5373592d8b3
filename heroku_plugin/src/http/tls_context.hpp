// The client TLS context the plugin builds itself, never Poco's SSLManager default (which needs a
// Poco::Util::Application and throws inside a plugin): TLS 1.2 or newer, the peer's certificate
// chain verified against the system CA bundle or ca_file, and the peer's host name (or IP address)
// checked by OpenSSL during the handshake. Nothing can turn verification off.
#pragma once

#include <string>

#include <Poco/Net/Context.h>

namespace iru::heroku::http {

// The Debian/Ubuntu system bundle; used when ca_file is empty and the file exists.
inline constexpr const char* system_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

// expected_host: the api_url host every connection of this context must prove it is.
// Throws ApiError(Status::bad_config) when ca_file cannot be read or holds no usable certificate.
Poco::Net::Context::Ptr make_client_tls_context(const std::string& ca_file,
                                                const std::string& expected_host);

// Keeps Poco's SSL library state initialised for the lifetime of the holder (reference-counted).
class SslLibrary {
public:
    SslLibrary();
    ~SslLibrary();
    SslLibrary(const SslLibrary&) = delete;
    SslLibrary& operator=(const SslLibrary&) = delete;
};

}  // namespace iru::heroku::http
