@platform:mrds
Feature: Fachverfahren queries the Melderegisterdatenspiegel with XMeld
  The Fachverfahren queries the mirror over the SOAP web service (callApplicationByte)
  with the installed client certificate and the Kundennummer. 1330 Personensuche and
  1332 freie Suche return 0, 1 or many hits (phonetic names, at most 1,000), only the
  requested data items, and nothing of persons with an Auskunftssperre.
  Sources: BMeldDAV § 1 (synchronous retrieval, phonetic search, 1,000 cap); § 34 BMG.

  Background:
    Given the MRDS simulator with the seeded Mandantentabelle

  @MRDS-E2E-01
  Scenario: Order, e-mail, installation and query work end to end
    When the authority orders the Applikationskopplung with:
      | Mandant            | 03241001                            |
      | E-Mail-Adresse     | hauptadmin@ordnung-hannover.example |
      | Passphrase         | Lange-Passphrase-2025               |
      | Gesetzeskonformität | bestätigt                          |
    And AG MiN mails the Kundennummer for Mandant "03241001" to "hauptadmin@ordnung-hannover.example"
    And the Fachverfahren installs the certificate from the e-mail with the passphrase "Lange-Passphrase-2025" and the mailed Kundennummer
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname           | Brückner   |
      | Vornamen           | Lieselotte |
      | Gemeindeschlüssel  | 03241001   |
    Then the web service answers with 1 hit
    And the query came with the certificate and Kundennummer of Mandant "03241001"

  @MRDS-QRY-01
  Scenario: A 1330 Personensuche returns the one person with only the requested data items
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname             | Brückner   |
      | Geburtsdatum         | 1961-04-17 |
      | Gemeindeschlüssel    | 03241001   |
      | Anforderungselemente | 1,3,5,9    |
    Then the web service answers with 1 hit
    And the hits are "Brückner, Lieselotte Anna"
    And the answer carries exactly the data items "1,3,5,9"

  @MRDS-QRY-02
  Scenario: A 1332 freie Suche finds every phonetic spelling of the name
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname     | Meyer |
      | Postleitzahl | 29221 |
    Then the web service answers with 4 hits
    And the hits are "Maier, Ole Friedrich; Mayer, Svenja; Meier, Frauke; Meyer, Jannik"

  @MRDS-QRY-03
  Scenario: A search without a match answers "kein Treffer"
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname          | Brückner   |
      | Vornamen          | Lieselotte |
      | Gemeindeschlüssel | 03101000   |
    Then the web service answers with 0 hits
    And the answer's ergebnisstatus is "02"

  @MRDS-QRY-04
  Scenario: The hit list is capped at 1,000 persons
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname | Müller |
    Then the web service answers with 1050 hits
    And the answer delivers exactly 1000 persons with ergebnisstatus "03"

  @MRDS-QRY-05
  Scenario: Persons with an Auskunftssperre are withheld from an ordinary authority
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1330 Personensuche for:
      | Nachname             | Sperling |
      | Vornamen             | Miriam   |
      | Gemeindeschlüssel    | 03403000 |
      | Anforderungselemente | 1,3,9    |
    Then the web service answers with 1 hit
    And the hit is marked as blocked and none of its data is delivered

  @MRDS-QRY-06
  Scenario: Only a security authority receives the data items reserved for it
    Given Mandant "03101000" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche as a security authority for:
      | Nachname             | Brückner |
      | Geburtsdatum         | 1961     |
      | Anforderungselemente | 1,9,35,37 |
    Then the web service answers with 1 hit
    And the answer carries exactly the data items "1,9,35,37"

  @MRDS-QRY-07
  Scenario: An ordinary authority does not receive security-only data items
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname             | Brückner |
      | Geburtsdatum         | 1961     |
      | Anforderungselemente | 1,9,35,37 |
    Then the web service answers with 1 hit
    And the answer carries exactly the data items "1,9"
    And the answer notes "H_NUR_SICHERHEITSBEHOERDE"

  @MRDS-QRY-08
  Scenario: A deceased person is reported with Meldestatus "verstorben" and the death data
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname             | Vogt     |
      | Geburtsdatum         | 1938-12  |
      | Anforderungselemente | 1,3,29   |
    Then the web service answers with 1 hit
    And the hit has the Meldestatus "verstorben"
    And the answer carries exactly the data items "1,3,29"

  @MRDS-QRY-09
  Scenario: A person who moved away is reported with Meldestatus "weggezogen" and the new address
    Given Mandant "03241001" has an Applikationskopplung installed in the Fachverfahren
    When the Fachverfahren runs a 1332 freie Suche for:
      | Nachname             | Wendt    |
      | Vornamen             | Tobias   |
      | Geburtsdatum         | 1979     |
      | Anforderungselemente | 1,3,33   |
    Then the web service answers with 1 hit
    And the hit has the Meldestatus "weggezogen"
    And the answer carries exactly the data items "1,3,33"
