@platform:cpr
Feature: The home municipality approves or rejects what waits in the venteregister
  An event reported by a citizen waits in CPR's venteregister until the home
  municipality (bopælskommune) approves or rejects it (Bilag 9, note 9). The
  self-service server follows the receipt's status; after approval CPR answers with the
  new data. The caseworker logs on to the desk and decides in the browser (headless
  Chromium); screenshots of the desk are kept as evidence.

  Background:
    Given CPR has issued personkode "WSB00001" to the self-service provider with CVR "99000001"
    And the citizen "anna" reports a move
    And the event was saved in the venteregister with a receipt

  @CPR-KOM-01
  Scenario: The kommune approves and the register is updated
    When the caseworker of kommune "0101" approves the event in the kommune desk
    Then the kommune desk recorded the event as "approved"
    When the self-service server asks CPR for the status of the receipt
    Then the self-service server sees the status "G" for the receipt
    When the citizen "anna" looks at their registered data
    Then CPR now registers "anna" at "Nørrebrogade"

  @CPR-KOM-02
  Scenario: The kommune rejects and the self-service server sees the rejection
    When the caseworker of kommune "0101" rejects the event in the kommune desk with the reason "Adressen er ikke godkendt til beboelse"
    Then the kommune desk recorded the event as "rejected"
    When the self-service server asks CPR for the status of the receipt
    Then the self-service server sees the status "A" for the receipt
    And the self-service server sees the reason "Adressen er ikke godkendt til beboelse"
    And CPR still registers "anna" at "Vesterbrogade"
