@platform:mrds
Feature: Ordering the Applikationskopplung on the self-service form
  A Lower Saxony authority registered as Mandant orders the Applikationskopplung of the
  Melderegisterdatenspiegel (MiN). The e-mail must be the Hauptadministrator's, the
  passphrase at least eight characters, and legal conformity must be confirmed. The
  certificate arrives by e-mail as a ZIP; AG MiN then mails the Kundennummer.
  Source: IT.Niedersachsen, Handreichung für den Bestellprozess (seed 000).

  Background:
    Given the MRDS simulator with the seeded Mandantentabelle

  @MRDS-ORD-01
  Scenario: An order with an e-mail other than the Hauptadministrator's is refused
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                             |
      | E-Mail-Adresse     | sachbearbeitung@ordnung-hannover.example |
      | Passphrase         | Lange-Passphrase-2025                |
      | Gesetzeskonformität | bestätigt                           |
    Then the order is refused with "ORD_EMAIL_MISMATCH"
    And no certificate is mailed for Mandant "03241001"

  @MRDS-ORD-02
  Scenario: An order with a passphrase shorter than eight characters is refused
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                            |
      | E-Mail-Adresse     | hauptadmin@ordnung-hannover.example |
      | Passphrase         | kurz7zz                             |
      | Gesetzeskonformität | bestätigt                          |
    Then the order is refused with "ORD_PASSPHRASE_TOO_SHORT"
    And no certificate is mailed for Mandant "03241001"

  @MRDS-ORD-03
  Scenario: An order without the legal-conformity confirmation is refused
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                            |
      | E-Mail-Adresse     | hauptadmin@ordnung-hannover.example |
      | Passphrase         | Lange-Passphrase-2025               |
      | Gesetzeskonformität | nicht bestätigt                    |
    Then the order is refused with "ORD_CONSENT_MISSING"
    And no certificate is mailed for Mandant "03241001"

  @MRDS-ORD-04
  Scenario: A correct order succeeds, the button is greyed out and the success confirmed
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                            |
      | E-Mail-Adresse     | hauptadmin@ordnung-hannover.example |
      | Passphrase         | Lange-Passphrase-2025               |
      | Gesetzeskonformität | bestätigt                          |
    Then the order is accepted
    And the form shows the order button greyed out and confirms the order

  @MRDS-ORD-05
  Scenario: On failure the expandable Protokoll at the end of the form lists every problem
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                   |
      | E-Mail-Adresse     | wer-anders@example.example |
      | Passphrase         | 1234                       |
      | Gesetzeskonformität | nicht bestätigt           |
    Then the order is refused with "ORD_EMAIL_MISMATCH"
    And the Protokoll at the end of the form lists "ORD_EMAIL_MISMATCH", "ORD_PASSPHRASE_TOO_SHORT" and "ORD_CONSENT_MISSING"

  @MRDS-ORD-06
  Scenario: The certificate ZIP arrives by e-mail and opens with the passphrase
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                            |
      | E-Mail-Adresse     | hauptadmin@ordnung-hannover.example |
      | Passphrase         | Lange-Passphrase-2025               |
      | Gesetzeskonformität | bestätigt                          |
    Then "hauptadmin@ordnung-hannover.example" receives the client certificate by e-mail as a ZIP
    And the ZIP holds the certificate as PKCS#12, PEM certificate, encrypted PEM key, DER and CA chain
    And the PKCS#12 and the PEM key open with the passphrase "Lange-Passphrase-2025" and with no other
    And the passphrase "Lange-Passphrase-2025" appears neither in the mail nor in the evidence

  @MRDS-ORD-07
  Scenario: AG MiN registers the certificate, mails the Kundennummer and invoices the Rechnungsempfänger
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03351006                                  |
      | E-Mail-Adresse     | it-admin@buergeramt-celle.example         |
      | Passphrase         | Celle-Zertifikat-2025                     |
      | Gesetzeskonformität | bestätigt                                |
      | Rechnungsempfänger | Stadt Celle, Kämmerei, Rechnungseingang   |
    Then "it-admin@buergeramt-celle.example" receives the client certificate by e-mail as a ZIP
    And AG MiN mails the Kundennummer for Mandant "03351006" to "it-admin@buergeramt-celle.example"
    And the mailed certificate is registered for Mandant "03351006" with that Kundennummer
    And the invoice for the order goes to "Stadt Celle, Kämmerei, Rechnungseingang"
