#include "collect/pem_certificates.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>
#include <memory>

namespace iru::heroku {

namespace {

constexpr std::string_view begin_certificate = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view end_certificate = "-----END CERTIFICATE-----";
constexpr std::size_t max_name_chars = 1024;

struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

// Never asks for a passphrase: an encrypted block is not a certificate.
int no_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return 0; }

std::string name_text(const X509_NAME* name) {
    const BioPtr out(BIO_new(BIO_s_mem()));
    if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    if (size <= 0 || data == nullptr) return {};
    std::string text(data, static_cast<std::size_t>(size));
    if (text.size() > max_name_chars) text.resize(max_name_chars);
    return text;
}

std::string time_text(const ASN1_TIME* time) {
    std::tm tm{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return {};
    char out[32];
    if (std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) return {};
    return out;
}

std::string fingerprint(const X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &size) != 1) return {};
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string text;
    for (unsigned int i = 0; i < size; ++i) {
        if (i > 0) text += ':';
        text += hex[digest[i] >> 4U];
        text += hex[digest[i] & 0x0FU];
    }
    return text;
}

CertificateFacts facts_of(const X509* certificate) {
    return {name_text(X509_get_subject_name(certificate)),
            name_text(X509_get_issuer_name(certificate)),
            time_text(X509_get0_notBefore(certificate)), time_text(X509_get0_notAfter(certificate)),
            fingerprint(certificate)};
}

// The certificate blocks of a text, BEGIN to END line, each alone: other blocks (a private key)
// are never handed to OpenSSL, and one broken block does not hide the next.
std::vector<std::string_view> certificate_blocks(std::string_view text) {
    std::vector<std::string_view> blocks;
    for (std::size_t at = text.find(begin_certificate); at != std::string_view::npos;
         at = text.find(begin_certificate, at + begin_certificate.size())) {
        const std::size_t end = text.find(end_certificate, at);
        blocks.push_back(end == std::string_view::npos
                             ? text.substr(at)
                             : text.substr(at, end + end_certificate.size() - at));
    }
    return blocks;
}

// One certificate block parsed, or nullptr.
X509Ptr parse_block(std::string_view block) {
    const BioPtr in(BIO_new_mem_buf(block.data(), static_cast<int>(block.size())));
    if (!in) return nullptr;
    return X509Ptr(PEM_read_bio_X509(in.get(), nullptr, &no_passphrase, nullptr));
}

// Base64 DER without PEM lines (as SAML metadata holds a certificate), wrapped as one PEM block;
// empty when the text is anything else.
std::string wrapped_base64(std::string_view text) {
    std::string body;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        const bool base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
        if (!base64) return {};
        body += c;
    }
    if (body.empty()) return {};
    std::string pem(begin_certificate);
    for (std::size_t at = 0; at < body.size(); at += 64) pem.append("\n").append(body, at, 64);
    return pem.append("\n").append(end_certificate).append("\n");
}

}  // namespace

PemCertificates parse_pem_certificates(std::string_view pem) {
    PemCertificates result;
    if (pem.size() > max_pem_bytes) {
        result.problem = "the text is larger than " + std::to_string(max_pem_bytes) + " bytes";
        return result;
    }
    if (pem.find("-----BEGIN") == std::string_view::npos) {
        const std::string wrapped = wrapped_base64(pem);
        if (!wrapped.empty()) return parse_pem_certificates(wrapped);
    }
    const std::vector<std::string_view> blocks = certificate_blocks(pem);
    std::size_t first_broken = 0;  // 1-based; 0: none
    for (std::size_t i = 0; i < blocks.size() && i < max_pem_certificates; ++i) {
        if (const X509Ptr certificate = parse_block(blocks[i]))
            result.certificates.push_back(facts_of(certificate.get()));
        else if (first_broken == 0)
            first_broken = i + 1;
    }
    ERR_clear_error();
    const std::string n = std::to_string(blocks.size());
    if (blocks.empty())
        result.problem = "no PEM certificate in the text";
    else if (first_broken != 0)
        result.problem =
            "certificate " + std::to_string(first_broken) + " of " + n + " could not be parsed";
    else if (blocks.size() > max_pem_certificates)
        result.problem =
            "only the first " + std::to_string(max_pem_certificates) + " of " + n + " were read";
    else if (pem.find("PRIVATE KEY-----") != std::string_view::npos)
        result.problem =
            "a private key block beside the certificate was ignored (it should not be there)";
    return result;
}

}  // namespace iru::heroku
