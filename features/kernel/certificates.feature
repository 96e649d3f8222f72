@platform:kernel
Feature: The kernel refuses bad client certificates and records why
  A real platform closes the connection when a client certificate is expired, not yet
  valid, from an untrusted CA, revoked or absent. govsim does the same, and keeps the
  reason in the evidence so a tester can see why a connection failed.

  @KERNEL-TLS-01
  Scenario Outline: A <variant> client certificate is refused with reason <reason>
    Given the test PKI issues the client a "<variant>" "pkioverheid" certificate for OIN "00000099000000000201"
    When the client calls the kernel identity endpoint requiring an "oin" identity
    Then the client's connection is refused
    And the evidence records the refused certificate with reason "<reason>"

    Examples:
      | variant       | reason                           |
      | expired       | CERT_HAS_EXPIRED                 |
      | not-yet-valid | CERT_NOT_YET_VALID               |
      | foreign-ca    | UNABLE_TO_VERIFY_LEAF_SIGNATURE  |
      | revoked       | CERT_REVOKED                     |

  @KERNEL-TLS-02
  Scenario: A client without a certificate is refused
    Given the client has no client certificate
    When the client calls the kernel identity endpoint requiring an "oin" identity
    Then the client's connection is refused
    And the evidence records the refused certificate with reason "NO_CLIENT_CERTIFICATE"

  @KERNEL-TLS-03
  Scenario: A certificate without the identifier the platform needs is refused
    Given the test PKI issues the client a "wrong-identifier" "pkioverheid" certificate for OIN "00000099000000000301"
    When the client calls the kernel identity endpoint requiring an "oin" identity
    Then the kernel answers 403 with problem code "IDENTITY_NO_OIN"
