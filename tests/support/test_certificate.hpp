// A self-signed P-256 certificate for 127.0.0.1 and localhost (its own CA), valid for a day: what
// the in-test TLS servers present and what their clients are told to trust.
#pragma once

#include <string>

namespace irtc::test {

struct TestCertificate {
  std::string certPem;
  std::string keyPem;
};

TestCertificate makeTestCertificate();

// cert.pem and key.pem in `dir`; returns the certificate.
TestCertificate writeTestCertificate(const std::string& dir);

}  // namespace irtc::test
