@platform:bygogmiljo
Feature: Access to the Byg og Miljø system interface by function certificate or service agreement
  A municipality's case system authenticates with a FOCES function certificate registered on
  that municipality (one certificate per municipality), or an external integrator uses its own
  FOCES certificate and a service agreement covering the municipality's case areas/types.
  Byg og Miljø checks this on every call and refuses anything else with a TransaktionFault.
  All CVR numbers, names and certificates are fictitious (govsim test PKI).

  Background:
    Given the simulated Byg og Miljø test environment

  @BOM-AUTH-01
  Scenario: Each municipality is served with its own registered function certificate
    Given "Testkommune Nordby" has its own function certificate registered in Byg og Miljø
    And "Testkommune Sydby" has its own function certificate registered in Byg og Miljø
    When the system under test fetches the new applications of "Testkommune Nordby"
    And the system under test fetches the new applications of "Testkommune Sydby"
    Then Byg og Miljø accepted the listing for "Testkommune Nordby" made with the function certificate of "Testkommune Nordby"
    And Byg og Miljø accepted the listing for "Testkommune Sydby" made with the function certificate of "Testkommune Sydby"

  @BOM-AUTH-02
  Scenario: A function certificate is refused for another municipality's CVR
    Given "Testkommune Nordby" has its own function certificate registered in Byg og Miljø
    And the system under test is configured to use the certificate of "Testkommune Nordby" for "Testkommune Sydby" as well
    When the system under test fetches the new applications of "Testkommune Sydby"
    Then Byg og Miljø refused the call for "Testkommune Sydby" with TransaktionFault "BOM_CERTIFIKAT_ANDEN_MYNDIGHED"
    And the system under test reported the refusal "BOM_CERTIFIKAT_ANDEN_MYNDIGHED"

  @BOM-AUTH-03
  Scenario: An integrator with a service agreement reads the applications its agreement covers
    Given the system under test acts for "Testkommune Nordby" as integrator with its own FOCES certificate
    And the operator creates a service agreement for the integrator with "Testkommune Nordby" covering case area "byg" on the operator page
    When the system under test fetches the new applications of "Testkommune Nordby"
    Then the system under test read every "byg" application of "Testkommune Nordby" and no other, via the service agreement

  @BOM-AUTH-04
  Scenario: An integrator is refused an application outside its service agreement
    Given the system under test acts for "Testkommune Nordby" as integrator with its own FOCES certificate
    And the operator creates a service agreement for the integrator with "Testkommune Nordby" covering case area "byg" on the operator page
    And a citizen has submitted a new "jordvarme" application (area "miljoe") to "Testkommune Nordby"
    When the system under test reads the new application
    Then Byg og Miljø refused the call for "Testkommune Nordby" with TransaktionFault "BOM_SERVICEAFTALE_DAEKKER_IKKE"
    And the system under test reported the refusal "BOM_SERVICEAFTALE_DAEKKER_IKKE"

  @BOM-AUTH-05
  Scenario: An integrator is refused once its service agreement is revoked
    Given the system under test acts for "Testkommune Nordby" as integrator with its own FOCES certificate
    And the operator creates a service agreement for the integrator with "Testkommune Nordby" covering case area "byg" on the operator page
    And a citizen has submitted a new "carport" application (area "byg") to "Testkommune Nordby"
    And the operator revokes the service agreement on the operator page
    When the system under test reads the new application
    Then Byg og Miljø refused the call for "Testkommune Nordby" with TransaktionFault "BOM_SERVICEAFTALE_OPHOERT"
    And the system under test reported the refusal "BOM_SERVICEAFTALE_OPHOERT"

  @BOM-AUTH-06
  Scenario: A function certificate registered on the operator page is accepted on the next call
    Given "Testkommune Nordby" has a new function certificate for its case system that is not yet registered in Byg og Miljø
    When the system under test fetches the new applications of "Testkommune Nordby"
    Then Byg og Miljø refused the call for "Testkommune Nordby" with TransaktionFault "BOM_CERTIFIKAT_IKKE_REGISTRERET"
    And the system under test reported the refusal "BOM_CERTIFIKAT_IKKE_REGISTRERET"
    When the operator registers the certificate subject of "Testkommune Nordby" on the operator page
    And the system under test fetches the new applications of "Testkommune Nordby"
    Then Byg og Miljø accepted the listing for "Testkommune Nordby" made with the function certificate of "Testkommune Nordby"
