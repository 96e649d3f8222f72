@platform:mijnoverheid
Feature: Foutberichten, duplicates, retries and the Profielservice
  The organisation must receive and process foutberichten (Aansluithandleiding phase 2,
  "interne berichtverwerking"), acknowledge what MijnOverheid sends (osb-rm), send each
  zaakbericht once even when it retransmits, keep retrying after a recoverable HTTP 503,
  and may check the Profielservice before sending.

  Background:
    Given the system under test is "Gemeente Proefstad" with OIN "00000099000000042000_OTA" and afzenderID "AFZ-0042"
    And the CPA Register uses profile "osb-rm" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register

  @LZ-FOUT-01
  Scenario: A zaakbericht for a citizen without a MijnOverheid account gets a foutbericht the system under test processes
    Given test citizen "999993653" has never logged in to MijnOverheid
    When the system under test sends a new zaak "LZ-FOUT-0001" for citizen "999993653" with status "Aanvraag ontvangen"
    Then MijnOverheid sends foutbericht "LZ_BSN_NO_ACCOUNT" to the system under test
    And the system under test acknowledges the foutbericht
    And the system under test reports zaak "LZ-FOUT-0001" as refused with foutcode "LZ_BSN_NO_ACCOUNT"

  @LZ-FOUT-02
  Scenario: An invalid zaakbericht gets a foutbericht the system under test processes
    Given test citizen "999993847" has logged in to MijnOverheid once
    When the system under test sends zaak "LZ-FOUT-0002" for citizen "999993847" closed on "20260101", before its start on "20260301"
    Then MijnOverheid sends foutbericht "LZ_DATE_INVALID" to the system under test
    And the system under test acknowledges the foutbericht
    And the system under test reports zaak "LZ-FOUT-0002" as refused with foutcode "LZ_DATE_INVALID"

  @LZ-DUP-01
  Scenario: A retransmitted zaakbericht is delivered once
    Given test citizen "999993847" has logged in to MijnOverheid once
    And MijnOverheid's acknowledgment of the next zaakbericht gets lost
    When the system under test sends a new zaak "LZ-DUP-0001" for citizen "999993847" with status "Aanvraag ontvangen"
    Then MijnOverheid received the zaakbericht again with the same MessageId and identical content
    And MijnOverheid acknowledged the retransmission with the same Acknowledgment and delivered zaak "LZ-DUP-0001" once

  @LZ-RTY-01
  Scenario: The system under test retries after HTTP 503
    Given test citizen "999993847" has logged in to MijnOverheid once
    And MijnOverheid answers the next zaakbericht with HTTP 503
    When the system under test sends a new zaak "LZ-RTY-0001" for citizen "999993847" with status "Aanvraag ontvangen"
    Then the system under test sent the zaakbericht again after the 503, with the same MessageId
    And MijnOverheid shows zaak "LZ-RTY-0001" to citizen "999993847" with status history "Aanvraag ontvangen"

  @LZ-PRF-01
  Scenario: The system under test checks the Profielservice before sending
    Given test citizen "999993653" has never logged in to MijnOverheid
    When the system under test asks the Profielservice whether citizen "999993653" can receive zaakberichten
    Then the Profielservice was asked about citizen "999993653" with the certificate of the system under test
    And the system under test learns that citizen "999993653" has no active MijnOverheid account
