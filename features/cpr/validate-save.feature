@platform:cpr
Feature: The self-service server validates, saves or aborts the event
  CPR checks the citizen's data against the event's rule set and translates every code
  to clear text (Bilag 9, step 3). Only a validated event can be saved in the
  venteregister, which answers with a receipt; the event can be aborted at any step
  (step 4).

  Background:
    Given CPR has issued personkode "WSB00001" to the self-service provider with CVR "99000001"

  @CPR-VAL-01
  Scenario: Validation translates kommunekode, vejkode and postnummer to clear text
    When the citizen "anna" reports a move
    Then CPR approved the data and translated the codes:
      | KOMMUNEKODE | København                                 |
      | VEJKODE     | Nørrebrogade                              |
      | POSTNR      | København N                               |
      | ETAGE       | 2. sal                                    |
      | SIDEDOER    | til højre                                 |
      | ADRESSE     | Nørrebrogade 10, 2. th, 2200 København N |
    And the self-service server showed the citizen the translated address "Nørrebrogade 10, 2. th, 2200 København N"

  @CPR-VAL-02
  Scenario: Validation errors are reported per field and nothing is saved
    When the citizen "anna" reports a move with:
      | VEJKODE | 9999 |
      | HUSNR   |      |
      | POSTNR  | 2100 |
    Then CPR rejected the data with these field errors:
      | field   | code |
      | VEJKODE | 52   |
      | HUSNR   | 50   |
    And the self-service server saved nothing and told the citizen about each field

  @CPR-VAL-03
  Scenario Outline: The rule set of event <event> accepts correct data
    When the citizen "<citizen>" reports event "<event>" with the data "<data>"
    Then CPR approved the data and translated the codes:
      | <field> | <clear text> |
    And the event was saved in the venteregister with a receipt

    Examples:
      | event | citizen | data                                                        | field            | clear text                   |
      | NAVN  | hanne   | FORNAVNE=Hanne Marie; EFTERNAVN=Eksempel                    | FULDTNAVN        | Hanne Marie Eksempel         |
      | BESK  | lise    | BESKYTTELSESTYPE=N; STARTDATO=today                         | BESKYTTELSESTYPE | Navne- og adressebeskyttelse |
      | CIVI  | ib      | CIVILSTAND=G; CIVILSTANDSDATO=today; AEGTEFAELLEPNR=pnr:anna | AEGTEFAELLEPNR   | Anna Testesen                |

  @CPR-SAV-01
  Scenario: Saving a validated event gives a receipt
    When the citizen "anna" reports a move
    Then the event was saved in the venteregister with a receipt

  @CPR-SAV-02
  Scenario: An event is saved only after a successful validation
    CPR refuses to save an event that was not validated (error 33).
    When the citizen "karl" reports a move with:
      | KOMMUNEKODE | 0101 |
      | VEJKODE     | 0112 |
      | HUSNR       | 4    |
      | POSTNR      | 2300 |
    Then every save the self-service server sent followed a successful validation of the same event
    And the event was saved in the venteregister with a receipt

  @CPR-ABT-01
  Scenario: The citizen cancels after seeing the current data
    When the citizen "anna" starts reporting a move but cancels after seeing the current data
    Then the self-service server aborted the event after the initiation

  @CPR-ABT-02
  Scenario: The citizen cancels after seeing the validated data
    When the citizen "anna" starts reporting a move but cancels after seeing the validated data
    Then the self-service server aborted the event after the validation
