@platform:kernel
Feature: The kernel recognises who is calling from the client certificate
  Every platform authorises on the identity in the client certificate: the OIN or HRN
  of a PKIoverheid certificate (Digikoppeling PKI001), the CVR and FID of a FOCES
  function certificate, or the customer a client-SSL certificate is bound to (MRDS).
  The kernel reads it once per connection and every simulator sees the same identity.

  @KERNEL-ID-01
  Scenario: A PKIoverheid certificate is recognised by its OIN
    Given the test PKI issues the client a "pkioverheid" certificate for OIN "00000099000000000101"
    When the client calls the kernel identity endpoint requiring an "oin" identity
    Then the kernel identifies the client by OIN "00000099000000000101"
    And the exchange is in the evidence with the client's certificate fingerprint

  @KERNEL-ID-02
  Scenario: A vendor's PKIoverheid certificate is recognised by its HRN
    Given the test PKI issues the client a "pkioverheid" certificate for OIN "00000003123456780000"
    When the client calls the kernel identity endpoint requiring an "oin" identity
    Then the kernel identifies the client by OIN "00000003123456780000"
    And the exchange is in the evidence with the client's certificate fingerprint

  @KERNEL-ID-03
  Scenario: A FOCES function certificate is recognised by CVR and FID
    Given the test PKI issues the client a "foces" certificate for CVR "12345674" and FID "94731315"
    When the client calls the kernel identity endpoint requiring a "foces" identity
    Then the kernel identifies the client by CVR "12345674" and FID "94731315"
    And the exchange is in the evidence with the client's certificate fingerprint

  @KERNEL-ID-04
  Scenario: An MRDS client-SSL certificate is recognised by its customer
    Given the test PKI issues the client a "mrds-client" certificate for customer "031590001"
    When the client calls the kernel identity endpoint requiring a "customer" identity
    Then the kernel identifies the client by customer "031590001"
    And the exchange is in the evidence with the client's certificate fingerprint
