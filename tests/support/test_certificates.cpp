#include "support/test_certificates.hpp"

#include <cctype>
#include <fstream>
#include <stdexcept>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

namespace iru::test {
namespace {

void check_name(const std::string& name) {
    if (name.empty()) throw std::invalid_argument("certificate name is empty");
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            throw std::invalid_argument("certificate name must be [A-Za-z0-9_-]: " + name);
}

}  // namespace

void run_openssl(const std::vector<std::string>& arguments, const std::filesystem::path& dir) {
    Poco::Pipe out_pipe;
    Poco::Pipe err_pipe;
    Poco::Process::Args args(arguments.begin(), arguments.end());
    Poco::ProcessHandle handle =
        Poco::Process::launch("openssl", args, dir.string(), nullptr, &out_pipe, &err_pipe);
    out_pipe.close(Poco::Pipe::CLOSE_WRITE);
    err_pipe.close(Poco::Pipe::CLOSE_WRITE);
    std::string out;
    std::string err;
    {
        Poco::PipeInputStream out_stream(out_pipe);
        Poco::StreamCopier::copyToString(out_stream, out);
        Poco::PipeInputStream err_stream(err_pipe);
        Poco::StreamCopier::copyToString(err_stream, err);
    }
    const int rc = handle.wait();
    if (rc != 0) {
        std::string command = "openssl";
        for (const auto& a : arguments) command += " " + a;
        throw std::runtime_error(command + " failed with exit code " + std::to_string(rc) + ": " +
                                 err);
    }
}

TestCertificateAuthority::TestCertificateAuthority(std::filesystem::path dir, std::string name)
    : dir_(std::move(dir)), name_(std::move(name)) {
    check_name(name_);
    files_.private_key = dir_ / (name_ + "-ca.key");
    files_.certificate = dir_ / (name_ + "-ca.crt");
    run_openssl(
        {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", files_.private_key.string(), "-out", files_.certificate.string(), "-days", "2",
         "-subj", "/CN=" + name_ + " Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"},
        dir_);
}

CertificateFiles TestCertificateAuthority::issue_server_certificate(
    const std::string& name, const std::vector<std::string>& subject_alt_names) const {
    check_name(name);
    CertificateFiles files{dir_ / (name + ".crt"), dir_ / (name + ".key")};
    const auto csr = dir_ / (name + ".csr");
    const auto extensions = dir_ / (name + ".ext");
    {
        std::ofstream ext(extensions);
        ext << "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage="
               "serverAuth\n";
        if (!subject_alt_names.empty()) {
            ext << "subjectAltName=";
            for (std::size_t i = 0; i < subject_alt_names.size(); ++i)
                ext << (i ? "," : "") << subject_alt_names[i];
            ext << "\n";
        }
        if (!ext) throw std::runtime_error("cannot write " + extensions.string());
    }
    run_openssl(
        {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", files.private_key.string(), "-out", csr.string(), "-subj", "/CN=" + name},
        dir_);
    run_openssl({"x509", "-req", "-in", csr.string(), "-CA", files_.certificate.string(), "-CAkey",
                 files_.private_key.string(), "-CAcreateserial", "-out", files.certificate.string(),
                 "-days", "2", "-sha256", "-extfile", extensions.string()},
                dir_);
    return files;
}

}  // namespace iru::test
