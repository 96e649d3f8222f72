@platform:mijnoverheid
Feature: Digikoppeling ebMS2 koppelvlak per profiel
  In the style of the Digikoppeling Compliance Voorziening: first an ebMS Ping, then for every
  profile govsim supports one message from the system under test to MijnOverheid (OUT) and one
  from MijnOverheid to the system under test (IN). Each scenario gets its own CPA from the CPA
  Register with that profile. The encrypted profiles (osb-rm-e, osb-be-e) are not offered: govsim
  answers them with NotSupported.

  Background:
    Given the system under test is "Gemeente Proefstad" with OIN "00000099000000042000_OTA" and afzenderID "AFZ-0042"

  @DK-PING-01
  Scenario: The system under test pings and gets a Pong
    Given the CPA Register uses profile "osb-rm" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register
    When the system under test sends an ebMS Ping to MijnOverheid
    Then MijnOverheid received the Ping and answered with a Pong

  Scenario Outline: A message from the system under test over <profile>
    Given the CPA Register uses profile "<profile>" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register
    And test citizen "999993847" has logged in to MijnOverheid once
    When the system under test sends a new zaak "DK-OUT-0001" for citizen "999993847" with status "Ontvangen"
    Then MijnOverheid accepted the message of the system under test as profile "<profile>" requires

    @DK-OUT-BE
    Examples: Best Effort
      | profile |
      | osb-be  |

    @DK-OUT-RM
    Examples: Reliable Messaging
      | profile |
      | osb-rm  |

    @DK-OUT-BE-S
    Examples: Best Effort Signed
      | profile  |
      | osb-be-s |

    @DK-OUT-RM-S
    Examples: Reliable Signed
      | profile  |
      | osb-rm-s |

  Scenario Outline: A message from MijnOverheid to the system under test over <profile>
    Given the CPA Register uses profile "<profile>" with RetryInterval "PT1S" and 3 retries
    And the system under test has registered its Consumerspecificatie in the CPA Register
    And test citizen "999993653" has never logged in to MijnOverheid
    When the system under test sends a new zaak "DK-IN-0001" for citizen "999993653" with status "Ontvangen"
    Then MijnOverheid sends foutbericht "LZ_BSN_NO_ACCOUNT" to the system under test
    And the system under test accepted MijnOverheid's message as profile "<profile>" requires

    @DK-IN-BE
    Examples: Best Effort
      | profile |
      | osb-be  |

    @DK-IN-RM
    Examples: Reliable Messaging
      | profile |
      | osb-rm  |

    @DK-IN-BE-S
    Examples: Best Effort Signed
      | profile  |
      | osb-be-s |

    @DK-IN-RM-S
    Examples: Reliable Signed
      | profile  |
      | osb-rm-s |
