#include "idp_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>

namespace iru::fake {

namespace {

constexpr std::string_view kCertificate =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBxDCCAWmgAwIBAgICAdkwCgYIKoZIzj0EAwIwPzELMAkGA1UEBhMCVVMxFTAT\n"
    "BgNVBAoMDEFjbWUgRXhhbXBsZTEZMBcGA1UEAwwQc3NvLmFjbWUuZXhhbXBsZTAg\n"
    "Fw0yNjEyMDIxMzM1NTJaGA8yMTI1MTIwMTEzMzU1MlowPzELMAkGA1UEBhMCVVMx\n"
    "FTATBgNVBAoMDEFjbWUgRXhhbXBsZTEZMBcGA1UEAwwQc3NvLmFjbWUuZXhhbXBs\n"
    "ZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJ9XsclWORiFLBpLsw6tkjZau7py\n"
    "pV5ySH/hopxODkL8qDSBkZfAHkhd9/CFAC3Vb2btJDR6FYZFrDR1WY7GR96jUzBR\n"
    "MB0GA1UdDgQWBBRMbqS2ZpIih3kZwfJDwYIWwIYOJDAfBgNVHSMEGDAWgBRMbqS2\n"
    "ZpIih3kZwfJDwYIWwIYOJDAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kA\n"
    "MEYCIQCyqekip/9CE3CwrSvOupkwkHVJ+2YwDdT4iPrf+KmTKgIhAL8xUv9FM4YR\n"
    "nogYHjenIcdQyJpY8Ughmz66iU9sFsEo\n"
    "-----END CERTIFICATE-----\n";

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("could not make a test certificate: ") + what);
}

}  // namespace

std::string_view idp_certificate_pem() { return kCertificate; }

std::string certificate_expiring_in(std::int64_t days_from_now) {
    const std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_EC_gen("P-256"));
    check(key != nullptr, "key");
    const std::unique_ptr<X509, X509Free> cert(X509_new());
    check(cert != nullptr, "certificate");
    check(X509_set_version(cert.get(), 2) == 1, "version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 0x2d9) == 1, "serial");
    constexpr long day = 86400;
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -365 * day) != nullptr, "not before");
    check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days_from_now) * day) !=
              nullptr,
          "not after");
    X509_NAME* name = X509_get_subject_name(cert.get());
    const auto add = [&](const char* field, const char* value) {
        check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>(value), -1, -1,
                                         0) == 1,
              field);
    };
    add("C", "US");
    add("O", "Acme Example");
    add("CN", "expiring-sso.acme.example");
    check(X509_set_issuer_name(cert.get(), name) == 1, "issuer");
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "public key");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signature");
    const std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
    check(out != nullptr && PEM_write_bio_X509(out.get(), cert.get()) == 1, "PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    check(size > 0 && data != nullptr, "PEM");
    return {data, static_cast<std::size_t>(size)};
}

}  // namespace iru::fake
