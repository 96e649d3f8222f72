@platform:mrds
Feature: The web service admits only registered certificates, the right Kundennummer and complete XMeld
  The Applikationskopplung is protected by the client-SSL certificate AG MiN registered for
  the Mandant; the Kundennummer in the request must be the Mandant's. The XMeld message
  travels base64-encoded in callApplicationByte, carries a complete nachrichtenkopf.g2g and
  the legally required data of the retrieving authority.

  Background:
    Given the MRDS simulator with the seeded Mandantentabelle

  @MRDS-SEC-01
  Scenario: The Fachverfahren identifies itself with the Kundennummer AG MiN assigned
    Given Mandant "03351006" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Meyer    |
      | Vornamen          | Jannik   |
      | Gemeindeschlüssel | 03351006 |
    Then the web service accepted the Kundennummer of Mandant "03351006"

  @MRDS-SEC-02
  Scenario: A certificate from a foreign CA is refused
    Given the Fachverfahren of Mandant "03241001" is configured with a "foreign-ca" certificate
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03241001   |
    Then the connection is refused with reason "UNABLE_TO_VERIFY_LEAF_SIGNATURE"

  @MRDS-SEC-03
  Scenario: An expired certificate is refused
    Given the Fachverfahren of Mandant "03241001" is configured with a "expired" certificate
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03241001   |
    Then the connection is refused with reason "CERT_HAS_EXPIRED"

  @MRDS-SEC-04
  Scenario: A certificate AG MiN never registered for the Mandant is refused
    Given the Fachverfahren of Mandant "03241001" is configured with a "unregistered" certificate
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03241001   |
    Then the web service refuses the query with "MRDS_CERT_NOT_REGISTERED"

  @MRDS-SEC-05
  Scenario: After revocation the Mandant's certificate is refused
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    And the Applikationskopplung of Mandant "03241001" is revoked
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03241001   |
    Then the connection is refused with reason "CERT_REVOKED"

  @MRDS-SEC-06
  Scenario: A Kundennummer AG MiN did not assign to the Mandant is refused
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren, but with the Kundennummer "MIN-999999"
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03241001   |
    Then the web service refuses the query with "MRDS_KUNDENNUMMER_MISMATCH"

  @MRDS-MSG-01
  Scenario: The XMeld request travels base64-encoded in callApplicationByte (SOAP 1.1)
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03241001   |
    Then the web service found a SOAP 1.1 callApplicationByte with a base64 xmlParameter

  @MRDS-MSG-02
  Scenario: The nachrichtenkopf.g2g is complete
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname | Brückner |
    Then the web service found a complete nachrichtenkopf.g2g with a fresh nachrichtenUUID

  @MRDS-MSG-03
  Scenario: The legally required data of the retrieving authority are present
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner        |
      | Vornamen          | Lieselotte      |
      | Gemeindeschlüssel | 03241001        |
      | Aktenzeichen      | 32.1-OWi-4711   |
      | Anlass            | Bußgeldverfahren |
    Then the web service found datenAbrufendeStelle with aktenzeichen "32.1-OWi-4711" and anlassDesAbrufs "Bußgeldverfahren"

  @MRDS-MSG-04
  Scenario: The XMeld request is valid against the datenabruf schema
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname     | Meyer    |
      | Vornamen     | Jannik   |
      | Geburtsdatum | 1990-02  |
      | Wohnort      | Celle    |
    Then the web service found the XMeld request valid against the datenabruf schema

  @MRDS-MSG-05
  Scenario: Free text with XML special characters is escaped, so the XMeld stays well-formed
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner                                  |
      | Vornamen          | Lieselotte                                |
      | Gemeindeschlüssel | 03241001                                  |
      | Aktenzeichen      | 32.1-OWi-4711/<2025>                      |
      | Anlass            | Halter- & Fahrerermittlung <Eilsache>     |
    Then the web service found datenAbrufendeStelle with aktenzeichen "32.1-OWi-4711/<2025>" and anlassDesAbrufs "Halter- & Fahrerermittlung <Eilsache>"
    And the web service answers with 1 hit
