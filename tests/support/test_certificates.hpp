// Certificates generated at run time for TLS tests, with the `openssl` command line tool, into a
// directory the caller owns (typically a TempDir). Keys are EC P-256 and valid for two days.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iru::test {

struct CertificateFiles {
    std::filesystem::path certificate;  // PEM
    std::filesystem::path private_key;  // PEM, unencrypted
};

class TestCertificateAuthority {
public:
    // Creates <dir>/<name>-ca.key and <dir>/<name>-ca.crt (self-signed, CN=<name>).
    // Throws std::runtime_error (with openssl's stderr) when generation fails.
    TestCertificateAuthority(std::filesystem::path dir, std::string name);

    // The CA certificate: what a client trusts (ca_file).
    const std::filesystem::path& certificate() const noexcept { return files_.certificate; }

    // A server certificate signed by this CA, e.g. subject_alt_names {"DNS:localhost",
    // "IP:127.0.0.1"}. name: used for the file names and the CN; must be [A-Za-z0-9_-].
    CertificateFiles issue_server_certificate(
        const std::string& name, const std::vector<std::string>& subject_alt_names) const;

private:
    std::filesystem::path dir_;
    std::string name_;
    CertificateFiles files_;
};

// Runs `openssl` with these arguments in dir; throws std::runtime_error with its stderr on failure.
void run_openssl(const std::vector<std::string>& arguments, const std::filesystem::path& dir);

}  // namespace iru::test
