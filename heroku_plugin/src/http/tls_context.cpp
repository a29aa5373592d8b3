#include "http/tls_context.hpp"

#include <filesystem>
#include <fstream>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetSSL.h>

#include "api/api_error.hpp"

namespace iru::heroku::http {
namespace {

void check_ca_file(const std::string& ca_file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(ca_file, ec))
        throw ApiError(Status::bad_config,
                       "ca_file '" + ca_file + "' does not exist or is not a file");
    std::ifstream in(ca_file);
    if (!in) throw ApiError(Status::bad_config, "ca_file '" + ca_file + "' cannot be read");
    std::string line;
    bool has_certificate = false;
    while (std::getline(in, line)) {
        if (line.rfind("-----BEGIN CERTIFICATE-----", 0) == 0) {
            has_certificate = true;
            break;
        }
    }
    if (!has_certificate)
        throw ApiError(
            Status::bad_config,
            "ca_file '" + ca_file + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
}

}  // namespace

SslLibrary::SslLibrary() { Poco::Net::initializeSSL(); }
SslLibrary::~SslLibrary() { Poco::Net::uninitializeSSL(); }

Poco::Net::Context::Ptr make_client_tls_context(const std::string& ca_file,
                                                const std::string& expected_host) {
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;  // also checks loopback host names
    params.verificationDepth = 9;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    if (!ca_file.empty()) {
        check_ca_file(ca_file);
        params.caLocation = ca_file;
        params.loadDefaultCAs = false;
    } else if (std::error_code ec; std::filesystem::is_regular_file(system_ca_bundle, ec)) {
        params.caLocation = system_ca_bundle;
        params.loadDefaultCAs = false;
    } else {
        params.loadDefaultCAs = true;
    }

    Poco::Net::Context::Ptr context;
    try {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& e) {
        throw ApiError(Status::bad_config,
                       "cannot set up TLS" +
                           (ca_file.empty() ? std::string() : " with ca_file '" + ca_file + "'") +
                           ": " + e.displayText());
    }
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);

    SSL_CTX* ssl = context->sslContext();
    // OpenSSL's own verdict decides: no callback into SSLManager (its invalid-certificate handler
    // is configured through Poco::Util::Application, which a plugin does not have).
    SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);

    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    Poco::Net::IPAddress ip;
    int ok = 0;
    if (Poco::Net::IPAddress::tryParse(expected_host, ip))
        ok = X509_VERIFY_PARAM_set1_ip_asc(verify, expected_host.c_str());
    else
        ok = X509_VERIFY_PARAM_set1_host(verify, expected_host.c_str(), expected_host.size());
    if (ok != 1)
        throw ApiError(Status::bad_config, "cannot verify TLS host name '" + expected_host + "'");
    return context;
}

}  // namespace iru::heroku::http
