@platform:mijnoverheid
Feature: Aansluiten op de preproductie van MijnOverheid Lopende Zaken
  Phase 2 of the Aansluithandleiding Lopende Zaken: the organisation writes a
  Consumerspecificatie, the CPA Register makes the CPA, the CPA is loaded on both sides,
  and an ebMS Ping must get a Pong (in both directions) over two-way TLS with
  PKIoverheid certificates whose OIN is the organisation's PartyId.

  Background:
    Given the system under test is "Gemeente Proefstad" with OIN "00000099000000042000_OTA" and afzenderID "AFZ-0042"
    And the CPA Register uses profile "osb-rm" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register

  @LZ-CON-01
  Scenario: The system under test pings MijnOverheid and gets a Pong
    When the system under test sends an ebMS Ping to MijnOverheid
    Then MijnOverheid received the Ping and answered with a Pong

  @LZ-CON-02
  Scenario: MijnOverheid pings the system under test and gets a Pong
    When MijnOverheid sends an ebMS Ping to the system under test
    Then the system under test answers with a Pong
    And the endpoint of the system under test presents the server certificate named in its CPA

  @LZ-CRT-01
  Scenario: The system under test uses its CPA's client certificate, with the OIN of its PartyId
    When the system under test sends an ebMS Ping to MijnOverheid
    Then every message from the system under test used the client certificate of its CPA, with the OIN of its PartyId

  @LZ-HDR-01
  Scenario: The ebMS headers of a zaakbericht conform to the CPA
    Given test citizen "999993847" has logged in to MijnOverheid once
    When the system under test sends a new zaak "LZ-HDR-0001" for citizen "999993847" with status "Ontvangen"
    Then the ebMS header of every message from the system under test conforms to its CPA
