@platform:mijnoverheid
Feature: Zaakberichten reach the citizen in MijnOverheid Lopende Zaken
  Phase 3 of the Aansluithandleiding (Checklist Testen Lopende Zaken): zaakberichten
  (StUF-ZKN 0310 zakLk01) for test BSNs of test DigiD accounts that logged in once;
  MijnOverheid keeps one status history per zaak, shows the closure and the link to the
  organisation's case page.

  Background:
    Given the system under test is "Gemeente Proefstad" with OIN "00000099000000042000_OTA" and afzenderID "AFZ-0042"
    And the CPA Register uses profile "osb-rm" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register
    And test citizen "999993847" has logged in to MijnOverheid once

  @LZ-MSG-01
  Scenario: A new zaak is shown to the citizen
    When the system under test sends a new zaak "LZ-MSG-0001" for citizen "999993847" with status "Aanvraag ontvangen"
    Then MijnOverheid shows zaak "LZ-MSG-0001" to citizen "999993847" with status history "Aanvraag ontvangen"
    And citizen "999993847" sees zaak "LZ-MSG-0001" with status "Aanvraag ontvangen" in the MijnOverheid portal

  @LZ-MSG-02
  Scenario: Status updates are added to the zaak's history
    When the system under test sends a new zaak "LZ-MSG-0002" for citizen "999993847" with status "Aanvraag ontvangen"
    And the system under test sends status "In behandeling" for zaak "LZ-MSG-0002"
    Then MijnOverheid shows zaak "LZ-MSG-0002" to citizen "999993847" with status history "Aanvraag ontvangen > In behandeling"
    And citizen "999993847" sees the status history "Aanvraag ontvangen > In behandeling" of zaak "LZ-MSG-0002" in the MijnOverheid portal

  @LZ-MSG-03
  Scenario: A closed zaak shows its resultaat
    When the system under test sends a new zaak "LZ-MSG-0003" for citizen "999993847" with status "Aanvraag ontvangen"
    And the system under test closes zaak "LZ-MSG-0003" with resultaat "Vergunning verleend"
    Then zaak "LZ-MSG-0003" is closed with resultaat "Vergunning verleend"
    And citizen "999993847" sees zaak "LZ-MSG-0003" with status "Afgerond" in the MijnOverheid portal

  @LZ-MSG-04
  Scenario: The link to the case page is shown
    When the system under test sends a new zaak "LZ-MSG-0004" for citizen "999993847" with a link to "https://www.proefstad.example.test/mijnzaken/LZ-MSG-0004"
    Then zaak "LZ-MSG-0004" links to "https://www.proefstad.example.test/mijnzaken/LZ-MSG-0004"
    And citizen "999993847" sees the link "https://www.proefstad.example.test/mijnzaken/LZ-MSG-0004" for zaak "LZ-MSG-0004" in the MijnOverheid portal

  @LZ-MSG-05
  Scenario: A citizen whose BSN starts with zeros gets the zaak
    Given test citizen "000009921" has logged in to MijnOverheid once
    When the system under test sends a new zaak "LZ-MSG-0005" for citizen "000009921" with status "Aanvraag ontvangen"
    Then MijnOverheid shows zaak "LZ-MSG-0005" to citizen "000009921" with status history "Aanvraag ontvangen"

  @LZ-MSG-06
  Scenario: A zaak sent as MO-bericht (the second message format) is shown to the citizen
    # Only for organisations that chose the MO-bericht instead of StUF-ZKN in phase 1.
    When the system under test sends a new zaak "LZ-MSG-0006" for citizen "999993847" with status "Aanvraag ontvangen" as MO-bericht
    And the system under test sends status "In behandeling" for zaak "LZ-MSG-0006" as MO-bericht
    Then MijnOverheid shows zaak "LZ-MSG-0006" to citizen "999993847" with status history "Aanvraag ontvangen > In behandeling"
    And citizen "999993847" sees the status history "Aanvraag ontvangen > In behandeling" of zaak "LZ-MSG-0006" in the MijnOverheid portal
