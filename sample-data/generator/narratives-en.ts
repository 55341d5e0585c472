// English narrative templates, same root causes and structure as narratives-zh.ts (template syntax:
// template.ts). Each root cause keeps its own vocabulary (compressor, inlet valve, igniter, packaging…).

import type { NarrativeBank } from './narrative.ts';

export const EN: NarrativeBank = {
  causes: {
    fridge_compressor_noise: {
      core: [
        'the {compressor|fridge compressor} {is extremely loud|hums constantly|makes a loud rattling noise|keeps getting louder}, {we can hear it from the bedroom|it keeps us awake at night|nobody can sleep}',
        '<used> the compressor started {clicking loudly|banging|roaring like a tractor} every time it {starts|cuts out}, and it {cycles on and off all the time|never stops for long}',
        'compressor noise is {unbearable|very loud}: {my phone measured <db> dB|you can hear it through two closed doors|it is far louder than our old fridge}',
      ],
      detail: [
        'the technician said {it is normal operating noise|the compressor mounts are faulty|the compressor has to be replaced}[ but no part is available]',
        'we {moved the fridge away from the wall|levelled it|put foam under it} and the {noise|humming} is {just as bad|no better}',
        'the technician told us "{this is normal|all compressors sound like this}", {which I do not accept|it clearly is not}',
      ],
      demand: [
        'Replace the compressor',
        'Replace the fridge',
        'Full refund',
        'Send someone to check the noise',
        'Written inspection report',
      ],
      fix: [
        'Technician confirmed abnormal compressor noise; compressor replaced',
        'Compressor rubber mounts replaced and cabinet levelled; noise back to normal',
        'Compressor defect confirmed; unit replaced',
        'Return and refund processed',
      ],
    },
    fridge_not_cooling: {
      core: [
        'the fridge compartment {is not cooling|stays at room temperature|never gets below 15 degrees}, {all our vegetables went bad|the milk went sour in two days}',
        'the freezer {is not freezing|has defrosted|will not get cold}; {the meat is soft|all the ice cream melted} even though the display {says -18°C|shows normal temperature}',
        '<used> the fridge {suddenly stopped cooling|cools less and less}; the {compressor runs all the time|back is hot} but {the inside is warm|nothing gets cold}',
      ],
      detail: [
        'the technician thinks {refrigerant is leaking|it needs a refrigerant top-up|the thermostat board failed|the capillary tube is blocked}',
        'we had to throw away {a whole fridge of food|all the frozen food}',
      ],
      demand: [
        'Compensate the spoiled food',
        'Replace the fridge',
        'Repair visit',
        'Return the unit',
      ],
      fix: [
        'Refrigerant leak found, brazed and recharged',
        'Control board and thermostat replaced; cooling restored',
        'Unit replaced and food loss compensated',
      ],
    },
    fridge_water_leak: {
      core: [
        'water {collects|pools} at the {bottom of the fridge compartment|back wall|crisper drawer}; the {drain hole is blocked|drain pipe freezes} and water {runs onto the floor|floods the shelf}',
        'there is {always a puddle|water every morning} under the fridge and {the wooden floor is swelling|we have to mop several times a day}',
      ],
      detail: [
        'we cleared the drain hole ourselves and it {blocked again after a few days|still leaks}',
        'the drip tray {overflows|is cracked}',
      ],
      demand: ['Fix the leak properly', 'Pay for the floor damage', 'Replace the fridge'],
      fix: [
        'Drain hole cleared and drain heater replaced',
        'Drip tray replaced; leak fixed',
        'Repaired; floor damage compensation agreed with customer',
      ],
    },
    fridge_door_seal: {
      core: [
        'the door {gasket|seal} is {deformed|not sealing}; there is {a gap when closed|frost building up inside|condensation on the walls}',
        'the fridge door {does not close properly|has dropped}, {the door alarm keeps beeping|there is a ring of frost around the door}',
      ],
      demand: ['Replace the door seal', 'Adjust the door'],
      fix: ['Door gasket replaced and hinges adjusted', 'Door realigned; seal closes correctly'],
    },
    washer_spin_vibration: {
      core: [
        'during the spin cycle the washing machine {shakes violently|jumps around|walks across the bathroom|sounds like it will fall apart} and {bangs against the wall|makes a thunderous noise}',
        '<used> every {high-speed spin|spin} makes it {wobble badly|thump loudly}; it {has moved half a metre|cracked a floor tile}',
      ],
      detail: [
        'the technician said {the transit bolts were never removed|the shock absorbers failed|the drum bearing may be worn}',
        '{levelling the feet|anti-vibration pads} did not help',
      ],
      demand: [
        'Replace the shock absorbers',
        'Replace the machine',
        'Pay for the cracked tile',
        'Return the unit',
      ],
      fix: [
        'Shock absorbers and springs replaced; spin vibration normal',
        'Transit bolts removed and machine levelled',
        'Drum bearing and seal replaced',
      ],
    },
    washer_inlet_valve_leak: {
      core: [
        'the water inlet valve {leaks|does not shut off|drips constantly}; {even when the machine is off|after switching off} water {keeps running into the drum|seeps from the hose connection} and {the floor is flooded|the neighbours downstairs complained}',
        'the {inlet|inlet hose connection} {leaks|sprays water}; the {inlet valve|solenoid valve} {body is cracked|seal has perished}, so {every wash floods the bathroom|I have to mop after every load}',
        '<used> the inlet valve at the back {started seeping|drips}, {new tap did not help|it only stops when the tap is closed}',
      ],
      detail: [
        'the technician said {it is a known inlet valve problem|the solenoid inlet valve is cracked} and {many from this batch do this|it needs a new valve}',
        "water came through the {ceiling of the flat below|neighbours' ceiling} and {they want compensation|we paid for the damage}",
      ],
      demand: [
        'Replace the inlet valve',
        "Pay for the neighbours' damage",
        'Replace the machine',
        'Full refund',
      ],
      fix: [
        'Inlet solenoid valve and seal replaced; leak fixed',
        'Cracked inlet valve confirmed; replaced free and damage compensated',
        'Machine replaced',
      ],
    },
    washer_drain_fault: {
      core: [
        'the washer {will not drain|drains very slowly} and shows {E21|error E30|ER}; {the drum is full of water|the clothes soaked overnight}',
        'it {stops mid-cycle|stops during rinse} with a drain error; the {drain pump hums but no water comes out|pump is running}',
      ],
      detail: [
        '{we cleaned the filter|the filter is clean} and it {still fails|made no difference}',
        'the technician says the drain pump is broken',
      ],
      demand: ['Repair visit', 'Replace the machine'],
      fix: [
        'Drain pump replaced; draining normally',
        'Blockage removed from the drain hose; test run OK',
      ],
    },
    washer_door_lock: {
      core: [
        'the washer door {will not open|is locked} and {the clothes are stuck inside|the lock symbol stays on}, {even after unplugging|we waited over half an hour}',
        'pressing start gives a {door lock error|door lock fault} although {the door is shut|we closed it several times}',
      ],
      demand: ['Repair visit', 'Replace the machine'],
      fix: [
        'Door lock switch replaced; test run OK',
        'Door lock assembly and control board replaced',
      ],
    },
    ac_not_cooling: {
      core: [
        'after {an hour|running at 16°C} the room is still {over 30 degrees|stifling}; the air conditioner {blows warm air|is not cooling}',
        '<used> the air conditioner {stopped cooling|cools less and less}; {the outdoor unit fan does not turn|the pipes on the outdoor unit frost up} and the technician says {it is low on refrigerant|refrigerant is leaking}',
        'in {this heat|the middle of summer} the AC {does not cool|only blows air}; {my wife is pregnant|my elderly father got heatstroke|the kids cannot sleep}',
      ],
      detail: [
        'they {topped up the refrigerant|added gas} and {it failed again within days|two weeks later it was warm again}',
        'the technician found {a leaking brazed joint|a pinhole in the copper pipe|the compressor not starting}',
      ],
      demand: [
        'Urgent repair visit',
        'Replace the unit',
        'Return the unit',
        'Free refrigerant recharge',
      ],
      fix: [
        'Leak brazed and refrigerant recharged; cooling restored',
        'Outdoor capacitor and control board replaced',
        'Outdoor unit replaced',
      ],
    },
    ac_outdoor_noise: {
      core: [
        'the outdoor unit {is very noisy|rattles|vibrates badly}; {the humming|the banging} {has the neighbours complaining|keeps us awake}',
        'the outdoor {fan|compressor} {scrapes|clicks} and {the bracket shakes|the windows vibrate}',
      ],
      demand: ['Fix the outdoor unit noise', 'Inspection visit'],
      fix: ['Anti-vibration pads fitted and bracket tightened', 'Outdoor fan motor replaced'],
    },
    ac_indoor_drip: {
      core: [
        'the indoor unit {drips water|leaks} {down the wall|onto the bed|onto the floor}; the {condensate|drain pipe} {does not drain|flows back}',
        'the indoor unit {sprays mist|blows droplets}; the {drain tray|drain pipe} {seems blocked|has the wrong slope}',
      ],
      demand: ['Fix the dripping', 'Pay for the wall damage'],
      fix: ['Drain pipe cleared and slope corrected', 'Drain tray replaced; no dripping on test'],
    },
    ac_heating_poor: {
      core: [
        'in heating mode it {blows cold air|takes ages to warm up}; the outdoor unit {ices over|keeps defrosting} and the room {never gets warm|stays at 12 degrees}',
      ],
      demand: ['Repair visit'],
      fix: [
        'Four-way valve replaced; heating normal',
        'Outdoor heat exchanger cleaned and checked; heating normal',
      ],
    },
    heater_no_heat: {
      core: [
        'the water heater {does not heat|shows the heating light but the water stays cold|ran all night and the water is lukewarm}, {the shower turns cold halfway|we can only take cold showers}',
        '<used> the water heater {heats slower and slower|temperature never rises}; the {heating element|element} {seems broken|is covered in scale}',
      ],
      detail: [
        '{in this cold weather|in winter} the whole family {cannot shower|has to boil water to wash}',
      ],
      demand: ['Repair visit', 'Replace the water heater'],
      fix: ['Heating element replaced; heating normal', 'Thermostat and heating element replaced'],
    },
    heater_leakage_trip: {
      core: [
        'as soon as the water heater {is switched on|gets power} it {trips the breaker|trips the RCD}; {the main fuse box trips|the leakage-protection plug keeps tripping}',
        'while showering I {felt a tingling from the tap|got an electric shock from the shower head}; {a voltage tester lights up on the water|the tester shows the water is live}, {we are too scared to use it|the children are afraid to shower}',
        'the water heater {leaks current|has an insulation fault}; the {safety cut-out|leakage plug} {does not seem to work|keeps tripping}, {this could kill someone|it is extremely dangerous}',
      ],
      detail: [
        'the technician found {the heating element insulation broken down|a leaking heating element|a damp power board}; {our earth wiring is fine|it is not the house wiring}',
        'we {had an electrician check the wiring|changed the socket} and {it still trips|nothing changed}',
      ],
      demand: [
        'Replace the water heater',
        'Full refund',
        'Safety inspection report',
        'Compensation and an apology',
      ],
      fix: [
        'Heating element insulation failure found; element replaced and insulation tested',
        'Unit replaced and on-site safety check done',
        'Refund processed with an apology',
      ],
    },
    heater_tank_leak: {
      core: [
        'the water heater is {leaking from the bottom|dripping at the outlet|leaking at the safety valve}; {the inner tank may be leaking|the insulation is soaked} and {water runs down the wall|the bathroom ceiling is damaged}',
      ],
      demand: ['Replace the water heater', 'Pay for the ceiling damage'],
      fix: ['Inner tank leak confirmed; unit replaced', 'Safety valve replaced; leak fixed'],
    },
    heater_thermostat: {
      core: [
        'set to {50|60} degrees but the water {comes out scalding|goes hot and cold}; the {thermostat does not work|displayed temperature is wrong}',
        'water temperature {jumps up and down|is hot one minute and cold the next}; the {thermostat|temperature sensor} is {faulty|inaccurate}',
      ],
      demand: ['Repair visit'],
      fix: [
        'Thermostat and temperature sensor replaced',
        'Control board replaced; temperature stable',
      ],
    },
    hob_ignition_failure: {
      core: [
        '{the left burner|the right burner} {will not ignite|will not light}; {pressing the knob only clicks|it takes many tries|the igniter makes no spark}',
        '<used> the hob {is harder and harder to light|often fails to ignite}; {every meal starts with a fight with the knob|we light it with a lighter now}',
        'the {burner|igniter} {does nothing|does not spark}, even {with new batteries|after changing the battery}',
      ],
      detail: [
        'the technician said {the ignition needle is misaligned|the igniter is broken|the pulse igniter is faulty}',
        'because it {never lights first time|keeps failing to light} {we smell gas|gas escapes before it catches}',
      ],
      demand: ['Repair visit', 'Replace the hob', 'Return the unit'],
      fix: [
        'Pulse igniter and ignition needle replaced; ignition normal',
        'Ignition needle gap adjusted; works on test',
        'Hob replaced',
      ],
    },
    hob_gas_smell: {
      core: [
        '{after turning it off|while cooking|under the hob} there is a {strong smell of gas|gas smell}; {soapy water bubbles at the joint|the gas company says the hob leaks} and {the gas alarm went off|we had to open all windows}',
        'the hob {leaks gas|valve does not close fully}; {with the knobs off it still smells|the smell stays after the flame is out}, {we have a small child|this is a safety hazard}',
      ],
      demand: ['Immediate inspection', 'Replace the hob', 'Refund and a written apology'],
      fix: [
        'Gas inlet valve replaced and leak test passed',
        'Inspected on site; hob replaced, gas-tightness OK',
      ],
    },
    hob_flameout: {
      core: [
        'the {low flame|simmer flame} {keeps going out|dies as soon as I let go}; the flame-failure device is {too sensitive|unreliable}',
        'the {flame|fire} {burns yellow|flickers}, {pans are black underneath|boiling water takes forever}',
      ],
      demand: ['Repair visit'],
      fix: ['Thermocouple and solenoid valve replaced', 'Air damper adjusted; flame normal'],
    },
    hob_glass_crack: {
      core: [
        'the {tempered glass top|glass panel} {suddenly shattered|exploded|cracked} {while it was off|with no pan on it}; {we got a terrible fright|glass flew everywhere}',
      ],
      demand: ['Explain why the glass shattered', 'Replace the hob'],
      fix: ['Glass top replaced free of charge', 'Hob replaced'],
    },
    hood_weak_suction: {
      core: [
        'the range hood {has weak suction|does not extract the smoke}; {even on the highest setting|on boost} {the kitchen fills with fumes|smoke escapes while frying}',
        '<used> the hood {extracts less and less|has clearly lost suction}; the {backdraft damper|duct} {may be stuck|has a problem according to the technician}',
      ],
      demand: ['Inspection visit', 'Return the unit'],
      fix: [
        'Fan wheel cleaned and backdraft damper replaced; suction restored',
        'Duct re-installed; extraction normal',
      ],
    },
    hood_noise: {
      core: [
        'the range hood {is very loud|motor makes a strange noise|fan drones}, {like a plane taking off|like a tractor}, {even on low|you can hear it in the living room}',
        'the {fan wheel|motor} {scrapes|clicks} and the hood gets louder every week',
      ],
      demand: ['Inspection visit', 'Replace the range hood'],
      fix: ['Fan wheel replaced and balanced; noise normal', 'Motor replaced'],
    },
    hood_oil_drip: {
      core: [
        'the {oil cup|grease tray} {leaks|overflows} and {oil drips onto the hob|the worktop is covered in grease}',
        'grease drips from the {oil channel|filter} {into the pans|onto the cooker}',
      ],
      demand: ['Repair visit'],
      fix: ['Grease tray replaced and oil channel resealed', 'Cleaned and mounting angle adjusted'],
    },
    purifier_leak: {
      core: [
        'the water purifier {leaks at the fittings|leaks at the filter housing|leaks from the tubing}; {the cabinet base is ruined|the cupboard is full of water|water reached the kitchen floor}',
        '{after the filter change|after <n> months} the purifier started {leaking|seeping}; the {quick connector|tee fitting} {was not seated|is cracked}',
      ],
      demand: ['Pay for the cabinet damage', 'Repair visit', 'Return the unit'],
      fix: [
        'Quick connectors and filter housing replaced; leak fixed',
        'Unit replaced and cabinet damage compensated',
      ],
    },
    purifier_tds_high: {
      core: [
        'the purified water {TDS|quality} is {too high|out of spec}: {my TDS pen reads <tds>|it is higher than tap water}, and {it smells odd|it tastes of plastic}',
      ],
      demand: ['Test the water quality', 'Return the unit'],
      fix: [
        'RO membrane replaced and lines flushed; TDS normal',
        'Water tested on site and filters replaced',
      ],
    },
    purifier_filter_life: {
      core: [
        'the {filter|RO membrane} {asks to be replaced after only <n> months|life indicator is wrong}; {a filter set costs hundreds|it feels like a scheme to sell filters}',
      ],
      demand: ['Free filter replacement', 'Explain the filter life'],
      fix: [
        'Filters replaced free and life counter reset',
        'Explained filter life vs water quality; one filter given free',
      ],
    },
    purifier_slow_flow: {
      core: [
        'the purifier {flows very slowly|gives a trickle}, {a glass takes ages|it keeps flushing waste water}; the {waste ratio is far too high|booster pump runs non-stop}',
      ],
      demand: ['Inspection visit'],
      fix: ['Booster pump replaced; flow normal', 'Waste-water valve adjusted'],
    },
    microwave_no_heat: {
      core: [
        'the microwave {turntable turns|light is on} but it {does not heat|heats nothing through}; {a bowl of rice takes ten minutes|food stays cold}, {the technician says the magnetron is dead|probably the high-voltage diode}',
      ],
      demand: ['Replace the microwave', 'Repair visit'],
      fix: ['Magnetron replaced; heating normal', 'Microwave replaced'],
    },
    microwave_sparking: {
      core: [
        'the microwave {sparks|crackles|throws sparks} {while heating|inside}; the {mica cover is burnt|cavity smells burnt} and {we unplugged it at once|we are afraid to use it}',
      ],
      demand: ['Replace the microwave', 'Return the unit'],
      fix: ['Mica cover replaced and cavity cleaned', 'Microwave replaced'],
    },
    microwave_panel: {
      core: [
        'the {keypad|touch panel} {stopped working|does not respond|presses itself}; {only some buttons work|it starts on its own when the door opens}',
      ],
      demand: ['Repair visit', 'Replace the microwave'],
      fix: ['Control panel replaced', 'Control board replaced'],
    },
    dishwasher_not_clean: {
      core: [
        'the dishwasher {does not clean|leaves food residue}; {plates have white spots|glasses are still greasy} and the {spray arm|spray arms} {do not rotate|turn very slowly}',
      ],
      demand: ['Inspection visit', 'Return the unit'],
      fix: ['Spray arms and filter cleaned; loading explained', 'Spray arm replaced'],
    },
    dishwasher_leak: {
      core: [
        'the dishwasher {leaks from the bottom|shows the E1 leak error}; the {cabinet|floor} {is damaged|is wet}',
      ],
      demand: ['Repair visit', 'Pay for the cabinet damage'],
      fix: ['Inlet hose and seals replaced', 'Dishwasher replaced'],
    },
    dishwasher_dry: {
      core: [
        'the dishwasher {does not dry|dries poorly}; {cups are still full of water|everything comes out wet}',
      ],
      demand: ['Inspection visit'],
      fix: ['Drying fan replaced', 'Explained residual-heat drying and changed the programme'],
    },
    repair_repeat: {
      core: [
        'this is the {third|fourth} repair and it is {still not fixed|broken again}; {the technician just looks and leaves|a new part lasted a few days}',
        'it was {repaired last month|given new parts last month} and {has failed again|the same fault is back}; {replace it if you cannot fix it|the repair record is a joke}',
      ],
      demand: ['Replace the unit', 'Full refund', 'Send a senior technician'],
      fix: [
        'Senior technician replaced the core part; warranty extended one year',
        'Unit replaced',
        'Refund processed',
      ],
    },
    repair_parts_wait: {
      core: [
        'after the {repair request|inspection} we were told {to wait for a spare part|the part is out of stock}; {<days> days later|two weeks later} {nothing has arrived|there is no news}, {every call they say it is being sourced|it is always "on the way"}',
      ],
      demand: ['Repair without further delay', 'Replace the unit', 'Compensation for the wait'],
      fix: [
        'Part expedited and repair completed',
        'Part arrived; repair completed on site',
        'Part unavailable; unit replaced',
      ],
    },
    repair_charge: {
      core: [
        '{within the warranty period|although still under warranty} {the repair visit|the repair} {cost a call-out fee|was charged for materials|cost ¥<fee>}; {no receipt was given|prices are higher than outside}, {they claimed it was user damage|they said it is not covered}',
      ],
      demand: ['Refund the repair charge', 'Show the official price list'],
      fix: [
        'Covered by warranty; repair charge refunded',
        'Price list provided and overcharge refunded',
      ],
    },
    tech_attitude: {
      core: [
        'the repair technician was {rude|impatient}, {spoke to us aggressively|complained we were fussy} and {sulked when he could not fix it|walked in without shoe covers|smoked in our flat}',
      ],
      demand: ['An apology from the technician', 'Send a different technician'],
      fix: ['Technician disciplined; apology made to customer', 'Different service agent sent'],
    },
    delivery_late: {
      core: [
        'ordered <n> days ago and {still not delivered|it has not arrived}; the promised {next-day|three-day} delivery {was not kept|keeps slipping} and {tracking has not updated|tracking shows it stuck at a depot}',
        'the {morning delivery slot|booked delivery time} came and went: {we waited all day|nobody came and nobody called}, {I took a day off for this|a whole day wasted}',
      ],
      demand: ['Deliver as soon as possible', 'Cancel and refund', 'Compensation for lost time'],
      fix: [
        'Expedited delivery arranged; goods signed for',
        'New delivery slot booked with the depot',
        'Order cancelled and refunded',
      ],
    },
    packaging_damaged: {
      core: [
        'the {box|outer packaging} of the <cat> arrived {crushed|badly torn|with a big dent}, and {inside|after unpacking} {the cabinet is dented|the side panel is scratched|the front panel is cracked}',
        'the packaging was {crushed|flattened}; {polystyrene everywhere|the box deformed}, {it must have been dropped|the courier clearly threw it around}',
      ],
      demand: ['Exchange the unit', 'Return the unit', 'Compensation'],
      fix: ['Exchange arranged', 'Compensation agreed', 'Refunded; carrier held liable'],
    },
    courier_attitude: {
      core: [
        'the delivery men {refused to carry it upstairs|left it downstairs|told me to carry it up myself}, {asked for extra money|charged ¥<fee> for carrying} and {were rude about it|threatened to take it back}',
      ],
      demand: ['Refund the carrying fee', 'An apology from the courier'],
      fix: [
        'Carrying fee refunded; courier penalised',
        'Apologised; delivery staff management tightened',
      ],
    },
    wrong_item: {
      core: [
        '{the model delivered|what arrived} {is wrong|does not match the order}: {I ordered <model>|I ordered white and got grey}, and the {accessories are|manual is|base is} missing',
      ],
      demand: ['Exchange for the right item', 'Send the missing parts'],
      fix: ['Exchanged for the correct item', 'Missing parts sent'],
    },
    install_no_show: {
      core: [
        'installation was booked for {today|Saturday} but the installer {did not show up|never came|stood us up}; {he does not answer the phone|he says he is too busy}, and {it has been rescheduled <n> times|after <days> days it is still not installed}',
      ],
      demand: ['Install it now', 'Compensation for lost time'],
      fix: [
        'Service agent sent same day; installation done',
        'New installation agent assigned; installation done',
      ],
    },
    install_fee: {
      core: [
        'the installer {overcharged|charged ¥<fee>|demanded extra cash}; the {materials|bracket|drilling|pipe} fee is {several times the market price|not itemised}, {he said it is the official rate|no money, no installation}',
      ],
      demand: ['Refund the overcharge', 'Show the official fee list'],
      fix: [
        'Fee list checked; overcharge refunded',
        'Agent penalised for overcharging; refund made',
      ],
    },
    install_damage: {
      core: [
        'the installation was {sloppy|rushed}: {he drilled through a water pipe|the wall was damaged|the outdoor bracket is loose|the floor got scratched}, and {nobody takes responsibility|they keep putting us off}',
      ],
      demand: ['Compensation for the damage', 'Re-install properly'],
      fix: ['Re-installed and damage compensated', 'Compensation agreed'],
    },
    service_attitude: {
      core: [
        'the customer service agent was {rude|short-tempered|impatient}, {hung up after a few questions|ignored what I said} and {I only wanted information|even mocked me}',
      ],
      demand: ['An apology from customer service', 'Deal with the agent'],
      fix: ['Agent coached; apology call made', 'Call recording reviewed; apology made'],
    },
    service_runaround: {
      core: [
        '{customer service|after-sales|the store} {keeps passing the buck|sent me round in circles}: {the hotline says ask the store|the store says ask the factory|the factory says ask the dealer}, {<n> calls later|<days> days later} {nobody owns it|nothing is solved}',
      ],
      demand: ['A named person to own the case', 'Solve it quickly'],
      fix: ['Case owner assigned and issue resolved', 'Store and after-sales resolved it together'],
    },
    hotline_unreachable: {
      core: [
        'the {hotline|400 number} {is never answered|had me queueing for half an hour|is always busy}, and the {promised call-back within 24 hours|promised call-back} {never came|still has not happened}',
      ],
      demand: ['Call me back', 'Improve the hotline'],
      fix: ['Customer called back and request handled', 'Apologised; follow-up call scheduled'],
    },
    price_drop: {
      core: [
        '{<days> days after I bought it|the day after delivery|a few days after buying} the price dropped by {¥<money>|hundreds}, and {price protection was refused|customer service refused to refund the difference|they say promotions are excluded}; {I feel cheated|this is unfair}',
      ],
      demand: ['Refund the price difference', 'Apply price protection', 'Return the unit'],
      fix: [
        'Price difference refunded under price protection',
        'Price difference compensation approved',
        'Not eligible for price protection; explained to customer',
      ],
    },
    price_mismatch: {
      core: [
        'the page showed {¥<money>|one price} but {at checkout|the payment} {charged ¥<fee> more|was higher}; {the coupon was not applied|the discount was missing}',
      ],
      demand: ['Refund the overcharge'],
      fix: ['Overcharge refunded', 'Coupon reissued with an apology'],
    },
    invoice: {
      core: [
        '{<days> days after purchase|since delivery} {no invoice has been issued|I still have no invoice}, {the invoice has the wrong company name|the invoice amount is wrong} and {reissuing keeps being delayed|they tell me to wait}',
      ],
      demand: ['Issue the invoice', 'Reissue the invoice'],
      fix: ['VAT invoice reissued and posted', 'E-invoice issued to customer email'],
    },
    gift_missing: {
      core: [
        'the free gift {promised when ordering|on the promotion page} {never came|was not delivered|is "out of stock"}: the {<gift>|promised <gift>} {has not been sent|was withdrawn}',
      ],
      demand: ['Send the gift', 'Cash value instead'],
      fix: ['Gift sent', 'Gift out of stock; cash value refunded'],
    },
    trade_in_subsidy: {
      core: [
        'I joined the trade-in offer and {the old unit was collected|handed in my old appliance}, but the {subsidy|¥<money> subsidy} {has not been paid|was "not approved"}; {customer service says wait|it has been <days> days}',
      ],
      demand: ['Pay the trade-in subsidy'],
      fix: ['Subsidy verified and paid', 'Subsidy credited; customer informed'],
    },
    return_refused: {
      core: [
        'my {7-day no-questions return|return after <n> days} was refused {because it was installed|because the box was opened|because it "cannot be resold"}, {but it is faulty|although the unit has a defect}',
      ],
      demand: ['Accept the return and refund', 'Exchange the unit'],
      fix: [
        'Return and refund processed',
        'Exchange processed',
        'Not eligible for return; explained to customer',
      ],
    },
    marketing_calls: {
      core: [
        'I {keep getting|get weekly} {marketing texts|sales calls|promotional SMS} from you, {even after unsubscribing|selling extended warranties}; {this is harassment|please stop}',
      ],
      demand: ['Stop the marketing messages'],
      fix: [
        'Number added to the do-not-contact list',
        'Unsubscribed from marketing SMS; apologised',
      ],
    },
    app_binding: {
      core: [
        'the {smart home app|mobile app} {cannot pair the appliance|fails at Wi-Fi setup}; {the manual is unclear|following the steps does not work} and {Wi-Fi connection keeps failing|it says the device is offline}',
      ],
      demand: ['Remote support', 'Technician visit to set it up'],
      fix: [
        'Pairing completed with remote guidance',
        'App and firmware updated; pairing successful',
      ],
    },
    membership_points: {
      core: [
        'my {loyalty points|purchase points} {were never credited|were reset to zero}, and the {extended-warranty benefit|points redemption} {cannot be used|cannot be found}',
      ],
      demand: ['Credit the points', 'Honour the membership benefits'],
      fix: ['Points credited', 'Extended warranty activated'],
    },
  },
  openers: [
    'I bought a <cat> (model <model>) from <shop> <bought>',
    'our <model> <cat> was bought <bought>',
    'we purchased your <model> from <shop>',
    'hello, this is about our <cat>, model <model>',
  ],
  openersNoProduct: ['hello', 'I am a long-standing customer', ''],
  history: [
    'I have {called the hotline <n> times|reported it <n> times|opened a ticket in the app} and {nothing has been solved|nobody has contacted me|each time I am told it will be handled}',
    'I {complained|reported this} {before|last week} and was promised a reply within <hours> hours, {which never came|still nothing}',
  ],
  emotion: [
    'very disappointing',
    'this is ruining our daily life',
    'how can a big brand sell such poor quality',
    'I chose your brand for its reputation and got this',
    'really upsetting',
    'I want an answer quickly',
    'I am extremely angry',
  ],
  escalation: [
    'if this is not solved {within three days|this week|soon} I will {report it to the 12315 regulator|go to the consumer association|post about it online|take legal action}',
  ],
  repeatPrefix: [
    'this is my second complaint: the problem I reported {before|last time} is {still not solved|still not being handled}',
    '{complaining again|same problem as last time}: the {promised fix|promised visit} {never happened|did not come}',
  ],
  pendingByGroup: {
    fault: [
      'Dispatched to service agent; inspection booked for <date>',
      'Customer contacted; repair after spare part arrives',
      'Received; awaiting on-site verification',
    ],
    logistics: [
      'Checking with the carrier; awaiting reply',
      'Depot chased; delivery booked for <date>',
    ],
    install: [
      'Installation agent contacted; visit booked for <date>',
      'Escalated to the agent supervisor',
    ],
    service: ['Escalated to the service supervisor', 'Call recording under review'],
    price: [
      'Price protection request submitted; awaiting approval',
      'Forwarded to Sales to verify the price',
    ],
    contract: [
      'Submitted to Finance; expected within <days> working days',
      'Forwarded to Sales to check the promotion terms',
    ],
    other: ['Logged and forwarded to the responsible team'],
  },
  resolvedSuffix: [
    '; customer {accepted the outcome|is satisfied|agreed}',
    '; follow-up call made',
    '; apologised to customer',
    '',
  ],
  compensationSuffix: ['; customer compensated <comp>', '; goodwill payment of <comp>'],
  refund: [
    'Return accepted; full refund of <comp>',
    'Return and full refund (<comp>) agreed with customer',
  ],
  denial: [
    'No quality defect found on inspection; explained to customer',
    'Not a quality issue after verification; explained to customer',
  ],
  pii: {
    phone: ['my number is <phone>, please call me', 'contact phone: <phone>', 'call me on <phone>'],
    email: ['please email the outcome to <email>', 'contact email: <email>'],
    idCard: ['my ID card number is <idcard>, registered at purchase', 'ID number <idcard>'],
    demandPhone: ['call <phone>', 'call back on <phone>'],
    resolutionPhone: ['contacted customer on new number <phone>'],
  },
  separator: ', ',
  sentenceEnd: '.',
  exclaim: '!',
};
