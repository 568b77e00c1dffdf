"""Words that describe a component rather than name it: the vocabulary free text is read with.

Data, in one place. Element lists ("Наименование"), GUR's portal, customs declarations and
researchers' notes write a description and the part number in one cell. These tables say
which words are the description: component types, functions, acronyms of standards and
interfaces, units, package names and the small words of English, Ukrainian and Russian.
Words are compared upper-cased with Cyrillic kept as Cyrillic (``fold`` is not applied:
"МОДУЛЬ" is a word, not a look-alike part number). A word written only in Cyrillic
letters is a description word even when it is missing here (Soviet and Russian part
numbers always carry digits: КР1533ЛА3, 1986ВЕ92У); a Latin word in capitals is a
description word only when it is listed, because chip tops print letter-only codes too
(``TARZ``, ``EAE``, ``PLUAB``).
"""

from __future__ import annotations

import re

# Component types and functions (English), as element lists, portals and customs
# declarations write them. Upper case; plural forms are matched by dropping an S.
_ENGLISH_TYPES = """
ACCELEROMETER ACTUATOR ADAPTER ADAPTOR ADJUSTABLE AMPLIFIER ANALOG ANALOGUE ANTENNA ARRAY
ASSEMBLY ATTENUATOR AUDIO BALUN BAND BANDPASS BAROMETER BAROMETRIC BATTERY BEAD BIPOLAR
BLOCK BOARD BOOST BRIDGE BUCK BUFFER BUS BUTTON CABLE CAMERA CAPACITOR CARD CELL CERAMIC
CHANNEL CHARGER CHIP CHIPS CHOKE CIRCUIT CIRCUITS CLOCK CODEC COIL COMPARATOR COMPASS
COMPONENT COMPUTER CONNECTOR CONTROL CONTROLLER CONVERTER COUNTER COUPLER CRYSTAL CURRENT
DECODER DETECTOR DEVICE DIGITAL DIODE DIVIDER DRAM DRIVE DRIVER DUAL DUPLEXER ELECTROLYTIC
ELEMENT ENCODER ENGINE EQUALIZER EXPANDER FERRITE FILTER FLASH FUSE GATE GENERATOR GIMBAL
GYRO GYROSCOPE HEADER HEATSINK HUB IMAGER INDUCTOR INDUCTANCE INTEGRATED INTERFACE
INVERTER ISOLATED ISOLATOR JACK LASER LATCH LENS LIMITER LINE LINEAR LOGIC LOOP MAGNETOMETER
MATRIX MEMORY MICROCIRCUIT MICROCHIP MICROCOMPUTER MICROCONTROLLER MICROPROCESSOR MIXER
MODEM MODULATOR MODULE MONITOR MOSF MOTOR MULTIPLEXER NETWORK OCTAL OPERATIONAL OPTOCOUPLER
OPTOISOLATOR OSCILLATOR PANEL PHOTODIODE PHOTOTRANSISTOR PLUG PORT POTENTIOMETER POWER
PRECISION PROCESSOR PROGRAMMABLE PROTECTION QUAD QUARTZ RADIO RECEIVER RECTIFIER REFERENCE
REGISTER REGULATOR RELAY REPEATER RESISTOR RESONATOR SCHOTTKY SENSOR SERIAL SERVO SHIFT
SHUNT SIGNAL SINGLE SOCKET SOLENOID SPEAKER STABILISER STABILIZER STATIC SUPERVISOR
SUPPRESSOR SWITCH SWITCHING SYNTHESIZER TANTALUM TERMINAL THERMISTOR THYRISTOR TIMER
TRANSCEIVER TRANSDUCER TRANSFORMER TRANSISTOR TRANSMITTER TRIAC TRIMMER TUNER UNIT
VARACTOR VARISTOR VOLTAGE WIRE ZENER
"""

# Acronyms of kinds of part, standards, interfaces and functions: never a part number
# on their own, however they are written.
_ACRONYMS = """
AC ADC AFE AMP ARM ASIC BEC BGA BJT BLE BLDC BMS BNC CAN CCD CMOS COB CPLD CPU CW DAC DC
DCDC DDR DDS DIP DMA DRAM DSP DVR ECU EEPROM EMI EPROM ESC ESD ETH FET FIFO FPGA FPV GNSS
GLONASS GPIO GPRS GPS GSM GPU HDMI HF HMI IC ICS IGBT IMU IO ISM JFET JTAG LAN LCD LDO
LED LNA LORA LTE LVDS MCU MEMS MIPI MOSFET MPU NAND NFC NOR NPN NTC NVME OLED OP PA PC PCB
PCIE PHY PLC PLD PLL PMIC PNP POE PSRAM PTC PWM RAM RF RFID RGB RISC ROM RTC RX SAW SATA
SBC SD SDRAM SIM SMD SMT SOC SPI SRAM SSD TCXO TFT THT TTL TVS TX UART UAV UHF USB UWB VCO
VCXO VGA VHF WIFI WLAN XO
"""

# Function words and other description words of English writers.
_ENGLISH_WORDS = """
A AN AND ANY AS AT BASED BY CAR DATA EACH FOR FROM HIGH IN INPUT INTO IS LOW MADE MINI
MINIATURE MODEL NEW NO NOT OF OFF ON ONE OR OUTPUT PART PCS PIECE PIECES SET SMALL THE
THREE TO TWO TYPE UNIT USE USED WITH WITHOUT BIT BITS CHANNELS DOUBLE FAST FIXED FREQUENCY
FRONT FULL HALF HEAT HIGHLY LEVEL LITHIUM MAIN MEDIUM MULTI NOISE OPTICAL PHASE POLE
PRIMARY RATE RAPID READ SECONDARY SMART SPEED STANDARD STEP SUPPLY SYSTEM TEMPERATURE
THERMAL TRANSMISSION ULTRA UNIVERSAL WRITE WIRELESS
ARTICLE ASSORTED BRAND CODE COUNTRY DATE DESCRIPTION ELECTRONIC EQUIPMENT GOODS GROSS
INDUSTRIAL INVOICE MANUFACTURER MILITARY NET ORIGIN P/N PACKAGE PRODUCT QTY QUANTITY S/N
TOTAL TRADEMARK WEIGHT
"""
# Short Russian and Ukrainian words made only of letters drawn like Latin ones, which
# would otherwise read as a Latin code typed on a Cyrillic keyboard ("В" is "in", "ОТ"
# "from"; ООО, АО, ТОВ are legal forms): prepositions, conjunctions, legal forms.
CYRILLIC_SHORT_WORDS = frozenset(
    [
        "А",
        "В",
        "ВО",
        "Е",
        "К",
        "КО",
        "О",
        "ОБ",
        "ОТ",
        "С",
        "СО",
        "ТО",
        "НА",
        "НЕ",
        "НО",
        "ЕЕ",
        "АО",
        "ООО",
        "ОАО",
        "ЗАО",
        "ПАО",
        "ТОВ",
        "ВАТ",
        "КНР",
        "ЕАЭС",
        "ЕС",
    ]
)
# A date written day first ("12.03.2022") or a year with the Russian "г." ("2022Г"):
# values, not codes.
DATE_OR_YEAR = re.compile(
    r"^(?:\d{1,2}[./]\d{1,2}[./](?:\d{2}|\d{4})|(?:19|20)\d{2}\s?(?:Г|ГОД|Р|РІК)\.?)$",
    re.IGNORECASE,
)

COMPONENT_WORDS: frozenset[str] = frozenset(
    (_ENGLISH_TYPES + _ACRONYMS + _ENGLISH_WORDS).split()
)
ACRONYMS: frozenset[str] = frozenset(_ACRONYMS.split())

# Written with digits, but standards, interfaces and generations, not part numbers.
STANDARDS = re.compile(
    r"^(RS-?\d{3}[A-Z]?|EIA-?\d{3}|USB-?\d(\.\d)?[A-Z]?|DDR\d?L?|LPDDR\d[XE]?|GDDR\d|"
    r"I2C|I²C|I2S|802\.\d+[A-Z]*|[2345]G|IEEE-?\d+(\.\d+)?|MIL-?STD-?\d+[A-Z]?|"
    r"ARINC-?\d+|MIL-?\d+|IP\d\d|PCIE?\d?(\.\d)?|SATA\d?|X\d{1,2}|M\d|"
    r"H\.26\d|MP[34]|\d{1,2}-?BIT|\d{1,2}-?CHANNEL|\d{1,2}-?CH|\d{1,2}-?PIN|"
    r"\d{1,2}-?WAY|\d{1,2}-?LINE|\d{1,2}-?PHASE|\d{1,2}-?POLE|\d{1,2}-?PORT|"
    r"\d{1,2}-?AX[IE]S|\d{1,2}-?CORES?|\d{1,2}-?BAND|\d{1,2}-?DOF|"
    r"\d{1,2}X\d{1,2}|\d{1,4}[KMG]X\d{1,2}|\d{1,2}-?LEAD|\d{1,2}-?CELL|\d{1,2}S\d?P?|GEN\d)$"
)

# Package designations (JEDEC/EIAJ names as datasheets print them): SOIC-8, 8-MSOP,
# LFCSP-40, TO-220, DO-214AC, QFN32, SOT23-5.
PACKAGES = re.compile(
    r"^(\d{1,3}-?)?(SOIC|SOP|SSOP|TSSOP|QSOP|MSOP|VSSOP|TSOP|HSOP|SO|QFN|VQFN|WQFN|DFN|"
    r"LFCSP|QFP|LQFP|TQFP|PQFP|MQFP|BGA|FBGA|CABGA|PBGA|CSP|WLCSP|UCSP|SOT|SOD|TO|DIP|PDIP|"
    r"CDIP|SIP|PLCC|LCC|CLCC|LGA|DPAK|D2PAK|IPAK|SMA|SMB|SMC|MELF|MINIMELF|DO|PSOP|HTSSOP|"
    r"CERDIP|CERPACK|FLATPACK)"
    # The pin count: after a hyphen (with a variant: DO-214AC, SOT-23-5), or bare digits
    # (QFN32); never digits and letters run together (TSOP38238 is Vishay's part number).
    r"(-\d{1,4}[A-Z]{0,2}(-\d{1,3})?|\d{1,3})?$"
)

# Units after a number (SI prefixes included), as written in English, Ukrainian and
# Russian: 220µF, 50V, 1.71V, 120 kb/s, 12MHz, 10 kOhm, 4,7 кОм, 100 мкФ.
_UNIT = (
    r"(?:[pnuµμmkKMGT]|мк|м|к|М|Г|н|п)?"
    r"(?:V|VDC|VAC|A|AH|MAH|W|WT|HZ|F|Ω|OHM|OHMS|R|B/S|BPS|BIT/S|B|BYTE|BYTES|DB|DBM|DBI|"
    r"%|°C|°|C|MM|CM|M|S|G|KG|RPM|VA|LM|LUX|PCS|IN|"
    r"В|А|ВТ|ГЦ|Ф|ОМ|ОМА|БИТ|Б|ДБ|ММ|СМ|ШТ|МАЧ|АЧ)"
)
UNIT_WORD = re.compile(rf"^{_UNIT}$", re.IGNORECASE)
VALUE = re.compile(
    # A number and its unit (220µF, 50V, 1.71V, 120kb/s), never a zero-led code (003A),
    # or a resistor-style value with the multiplier for the decimal point (4K7, 3V3).
    rf"^[±+\-~≈<>≤≥]?(?:(?:[1-9]\d*|0)(?:[.,]\d+)?{_UNIT}(?:/{_UNIT})?|\d{{1,3}}[KMGRV]\d?)$",
    re.IGNORECASE,
)
# A number with a decimal fraction and no unit ("12.000" on a crystal, "3.3"): a value.
DECIMAL = re.compile(r"^[±+\-]?\d+[.,]\d+$")


def is_component_word(word: str) -> bool:
    """Tells whether a letters-only word (upper-cased) is a description word."""
    if word in COMPONENT_WORDS or word in _WHOLE_STEMS:
        return True
    if word.endswith("ES") and word[:-2] in COMPONENT_WORDS:
        return True
    return word.endswith("S") and word[:-1] in COMPONENT_WORDS


# Words that say what kind of part a text describes, -> the catalog's category names
# (catalogs/category_hs.csv). Matched against the start of each word (stems), upper-cased:
# "MICROCONTROLLERS", "МІКРОКОНТРОЛЕРА" and "МИКРОКОНТРОЛЛЕР" all start with a stem here.
CATEGORY_STEMS: tuple[tuple[str, str], ...] = (
    ("MICROCONTROLLER", "microcontroller"), ("MCU", "microcontroller"),
    ("МІКРОКОНТРОЛЕР", "microcontroller"), ("МИКРОКОНТРОЛЛЕР", "microcontroller"),
    ("MICROPROCESSOR", "microprocessor"), ("PROCESSOR", "microprocessor"), ("CPU", "microprocessor"),
    ("ПРОЦЕСОР", "microprocessor"), ("ПРОЦЕССОР", "microprocessor"),
    ("FPGA", "fpga"), ("PLIS", "fpga"), ("ПЛІС", "fpga"), ("ПЛИС", "fpga"), ("CPLD", "cpld"), ("PLD", "cpld"),
    ("MEMORY", "memory"), ("FLASH", "memory"), ("EEPROM", "memory"), ("SRAM", "memory"), ("DRAM", "memory"),
    ("SDRAM", "memory"), ("RAM", "memory"), ("ПАМ'ЯТ", "memory"), ("ПАМЯТ", "memory"), ("ФЛЕШ", "memory"),
    ("ОЗУ", "memory"), ("ПЗУ", "memory"),
    ("CONNECTOR", "connector"), ("PLUG", "connector"), ("SOCKET", "connector"), ("HEADER", "connector"),
    ("РОЗ'ЄМ", "connector"), ("РОЗЄМ", "connector"), ("РАЗЪЕМ", "connector"), ("РАЗЪЁМ", "connector"),
    ("СОЕДИНИТЕЛ", "connector"), ("ВИЛКА", "connector"), ("РОЗЕТКА", "connector"),
    ("TRANSISTOR", "transistor"), ("MOSFET", "transistor"), ("JFET", "transistor"), ("IGBT", "transistor"),
    ("ТРАНЗИСТОР", "transistor"),
    ("DIODE", "diode"), ("DIOD", "diode"), ("RECTIFIER", "diode"), ("SCHOTTKY", "diode"), ("ZENER", "diode"),
    ("TVS", "diode"), ("ДІОД", "diode"), ("ДИОД", "diode"), ("СТАБІЛІТРОН", "diode"), ("СТАБИЛИТРОН", "diode"),
    ("CAPACITOR", "ceramic capacitor"), ("КОНДЕНСАТОР", "ceramic capacitor"),
    ("RESISTOR", "resistor"), ("POTENTIOMETER", "resistor"), ("TRIMMER", "resistor"), ("РЕЗИСТОР", "resistor"),
    ("INDUCTOR", "inductor"), ("INDUCTANCE", "inductor"), ("COIL", "inductor"), ("CHOKE", "inductor"),
    ("ДРОСЕЛ", "inductor"), ("ДРОССЕЛ", "inductor"), ("КОТУШК", "inductor"), ("КАТУШК", "inductor"),
    ("RELAY", "relay"), ("РЕЛЕ", "relay"),
    ("CRYSTAL", "crystal"), ("QUARTZ", "crystal"), ("RESONATOR", "crystal"), ("КВАРЦ", "crystal"),
    ("РЕЗОНАТОР", "crystal"), ("OSCILLATOR", "oscillator"),
    ("MOTOR", "motor"), ("ДВИГУН", "motor"), ("ЕЛЕКТРОДВИГУН", "motor"), ("ЭЛЕКТРОДВИГАТЕЛ", "motor"),
    ("ENGINE", "engine"), ("ДВИГАТЕЛ", "engine"),
    ("ANTENNA", "antenna"), ("АНТЕН", "antenna"),
    ("CAMERA", "camera"), ("КАМЕР", "camera"),
    ("LED", "led"), ("СВІТЛОДІОД", "led"), ("СВЕТОДИОД", "led"),
    ("OPTOCOUPLER", "optocoupler"), ("OPTOISOLATOR", "optocoupler"), ("ОПТРОН", "optocoupler"),
    ("AMPLIFIER", "amplifier"), ("ПІДСИЛЮВАЧ", "amplifier"), ("УСИЛИТЕЛ", "amplifier"),
    ("TRANSCEIVER", "interface ic"), ("RS-232", "interface ic"), ("RS-485", "interface ic"),
    ("REGULATOR", "power management ic"), ("STABILIZER", "power management ic"),
    ("STABILISER", "power management ic"), ("СТАБІЛІЗАТОР", "power management ic"),
    ("СТАБИЛИЗАТОР", "power management ic"),
    ("ADC", "data converter"), ("DAC", "data converter"),
    ("SENSOR", "sensor ic"), ("GYROSCOPE", "sensor ic"), ("ACCELEROMETER", "sensor ic"),
    ("ДАТЧИК", "sensor ic"), ("ГІРОСКОП", "sensor ic"), ("ГИРОСКОП", "sensor ic"),
    ("BUFFER", "logic ic"), ("INVERTER", "logic ic"), ("LATCH", "logic ic"), ("MULTIPLEXER", "logic ic"),
    ("MICROCIRCUIT", "other ic"), ("МІКРОСХЕМ", "other ic"), ("МИКРОСХЕМ", "other ic"), ("CHIP", "other ic"),
)  # fmt: skip

# Coarse kinds of part: a maker of one kind is rarely the maker of another (a motor
# maker's prefix on a memory chip is a coincidence of letters).
KINDS_OF_PART: dict[str, str] = {
    **dict.fromkeys(
        ("microcontroller", "microprocessor", "dsp", "fpga", "cpld", "memory", "amplifier",
         "interface ic", "power management ic", "data converter", "rf transceiver ic",
         "sensor ic", "logic ic", "clock ic", "analog ic", "driver ic", "other ic"),
        "integrated circuit",
    ),
    **dict.fromkeys(
        ("diode", "transistor", "power transistor", "thyristor", "photodiode", "optocoupler", "led"),
        "discrete semiconductor",
    ),
    **dict.fromkeys(
        ("tantalum capacitor", "ceramic capacitor", "resistor", "inductor", "crystal", "oscillator"),
        "passive or frequency part",
    ),
    **dict.fromkeys(("connector", "relay"), "electromechanical part"),
    **dict.fromkeys(("motor", "engine", "bearing", "uav part"), "motor or mechanical part"),
    **dict.fromkeys(
        ("cellular module", "wireless module", "gnss module", "dc-dc converter", "camera",
         "antenna", "navigation instrument", "printed circuit board"),
        "module or assembly",
    ),
}  # fmt: skip


# Category words written whole ("PLIS", the Russian ПЛИС transliterated; "CPLD"): they
# describe a part as surely as the component words do. Short ones (LED, RAM, ADC) are
# left out: chip tops print them as codes.
_WHOLE_STEMS = frozenset(stem for stem, _ in CATEGORY_STEMS if len(stem) >= 4)

_DC_DC = re.compile(r"^(?:DC|AC)[-/]?DC$|^ПОСТ", re.IGNORECASE)


def categories_named(words: list[str]) -> tuple[str, ...]:
    """The part categories that description words name ("Flash memory" -> memory)."""
    found: list[str] = []
    if any(_DC_DC.match(w) for w in words):
        # A "DC/DC converter" is a module (Mornsun URB2409S) or the chip inside one
        # (LT8331): GUR and element lists write both so.
        found.extend(("dc-dc converter", "power management ic"))
    for word in words:
        upper = word.upper()
        for stem, category in CATEGORY_STEMS:
            if upper.startswith(stem) and category not in found:
                found.append(category)
    return tuple(found)
