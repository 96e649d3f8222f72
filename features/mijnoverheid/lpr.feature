@platform:mijnoverheid
Feature: Generale repetitie van de beperkte productieproef (LPR)
  Phase 4 of the Aansluithandleiding: with the testrapport approved, the organisation gets a
  production CPA (PartyId without the OTA suffix) and runs a limited production run (LPR) with a
  few BSNs of project members before going live. govsim rehearses it (MODELLED): the project
  members are fictitious persons added to the simulated preproduction, each logs in once, and
  every zaakbericht must reach exactly the project member it is about.

  Background:
    Given the system under test is "Gemeente Proefstad" with OIN "00000099000000042000" and afzenderID "AFZ-0042"
    And the CPA Register uses profile "osb-rm" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register

  @LZ-LPR-01
  Scenario: Zaakberichten for the project members reach exactly those citizens
    Given project member "L. Projectlid-Een" with BSN "999980014" takes part in the limited production run
    And project member "M. Projectlid-Twee" with BSN "999980026" takes part in the limited production run
    And project member "N. Projectlid-Drie" with BSN "999980038" takes part in the limited production run
    When the system under test sends a new zaak "LPR-0001" for citizen "999980014" with status "Aanvraag ontvangen"
    And the system under test sends a new zaak "LPR-0002" for citizen "999980026" with status "Aanvraag ontvangen"
    And the system under test sends a new zaak "LPR-0003" for citizen "999980038" with status "In behandeling"
    Then every project member has exactly their own zaak in MijnOverheid
    And no citizen outside the limited production run received a zaakbericht
    And citizen "999980038" sees zaak "LPR-0003" with status "In behandeling" in the MijnOverheid portal
