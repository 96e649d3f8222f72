@platform:bygogmiljo
Feature: The case system handles applications from Byg og Miljø
  The case system lists and reads new applications, replies with decisions and documents,
  updates the case status, exchanges documents with the security token, follows the message
  distributor with a high-watermark and handles exceeded deadlines. Test data is fictitious.

  Background:
    Given the simulated Byg og Miljø test environment
    And "Testkommune Nordby" has its own function certificate registered in Byg og Miljø

  @BOM-APP-01
  Scenario: New applications are listed and read
    Given a citizen has submitted a new "tilbygning" application (area "byg") to "Testkommune Nordby"
    When the system under test fetches the new applications of "Testkommune Nordby"
    Then the listing it used named the new application
    And the system under test read the new application

  @BOM-SVR-01
  Scenario: A decision is sent with the decision letter
    Given a citizen has submitted a new "tilbygning" application (area "byg") to "Testkommune Nordby"
    When the system under test grants the new application with the decision letter "byggetilladelse.pdf"
    Then Byg og Miljø holds the decision "Tilladelse" on the new application with the decision letter
    And the case of the new application has status "Afgjort" in phase "Afslutning"

  @BOM-STA-01
  Scenario: A status update is visible in LaesSagStatus
    Given a citizen has submitted a new "carport" application (area "byg") to "Testkommune Nordby"
    When the system under test marks the new application "UnderBehandling" in phase "Behandling"
    Then the case of the new application has status "UnderBehandling" in phase "Behandling"
    And the system under test read the status "UnderBehandling" back with LaesSagStatus

  @BOM-MSG-01
  Scenario: Messages are fetched with the high-watermark, without loss or duplicates across a restart
    Given Byg og Miljø hands out at most 2 messages per HentBeskeder answer
    And citizens submit 2 new applications to "Testkommune Nordby"
    When the system under test fetches its messages for "Testkommune Nordby"
    And the system under test is restarted
    And citizens submit 1 new application to "Testkommune Nordby"
    And the system under test fetches its messages for "Testkommune Nordby"
    Then every message for "Testkommune Nordby" was delivered to the system under test exactly once
    And the system under test read every application announced to it

  @BOM-DOC-01
  Scenario: Documents are downloaded and uploaded with the security token
    Given a citizen has submitted a new "enfamiliehus" application (area "byg") to "Testkommune Nordby"
    When the system under test downloads the documents of the new application
    And the system under test uploads the document "partshoering.pdf" to the new application
    Then the system under test downloaded every document of the new application with a valid security token
    And the case of the new application holds the uploaded document unchanged

  @BOM-FRIST-01
  Scenario: An exceeded deadline is picked up and the case status read
    Given a citizen has submitted a new "tilbygning" application (area "byg") to "Testkommune Nordby"
    And the first deadline of the new application has passed
    When the system under test fetches its messages for "Testkommune Nordby"
    Then the system under test received the deadline message for the new application and then read the status of that case

  @BOM-MSG-02
  Scenario: Every status change Byg og Miljø announces is read, in order
    Given a citizen has submitted a new "tilbygning" application (area "byg") to "Testkommune Nordby"
    And Byg og Miljø moves the case of the new application to status "AfventerAnsoeger" in phase "Behandling"
    And Byg og Miljø moves the case of the new application to status "UnderBehandling" in phase "Behandling"
    When the system under test fetches its messages for "Testkommune Nordby"
    Then the system under test read every status change of the new application's case that a SagStatusSkiftBesked announced

  @BOM-SM-01
  Scenario: The service-level clock is stopped while waiting for the applicant and resumed afterwards
    Given a citizen has submitted a new "carport" application (area "byg") to "Testkommune Nordby"
    When the system under test stops the service-level clock of the new application while it waits for the applicant
    And 10 days pass in Byg og Miljø
    And the system under test resumes the service-level clock of the new application
    Then the service-level clock of the new application runs from its original start with the 10 paused days excluded

  @BOM-KONF-01
  Scenario: The case system takes its code lists from the basic configuration
    When the system under test loads the basic configuration of Byg og Miljø for "Testkommune Nordby"
    Then the system under test read the basic configuration with GetBasisKonfiguration and knows every case area, case type, status and phase in it
