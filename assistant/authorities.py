"""The places England's children's services authorities are named after.

A question that names one of them by place alone ("How was Bexley rated?",
"Hertfordshire's children's services") asks about that council. When no indexed
document is from it, and no passage found so much as mentions it, the answer says so
(assistant.answering.absent_councils) rather than quoting another council's report.

Upper-tier authorities as of 2024: counties, London boroughs, metropolitan boroughs and
unitary authorities. Names that are also ordinary words ("Reading", "Bury") are left
out: a question would name those as councils ("Reading Borough Council").
"""

from __future__ import annotations

import re

COUNTIES = (
    "Cambridgeshire", "Derbyshire", "Devon", "East Sussex", "Essex", "Gloucestershire",
    "Hampshire", "Hertfordshire", "Kent", "Lancashire", "Leicestershire", "Lincolnshire",
    "Norfolk", "Nottinghamshire", "Oxfordshire", "Staffordshire", "Suffolk", "Surrey",
    "Warwickshire", "West Sussex", "Worcestershire",
)
LONDON = (
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon",
    "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow",
    "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
    "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
)
METROPOLITAN = (
    "Barnsley", "Birmingham", "Bolton", "Bradford", "Calderdale", "Coventry", "Doncaster",
    "Dudley", "Gateshead", "Kirklees", "Knowsley", "Leeds", "Liverpool", "Manchester",
    "Newcastle upon Tyne", "North Tyneside", "Oldham", "Rochdale", "Rotherham", "St Helens",
    "Salford", "Sandwell", "Sefton", "Sheffield", "Solihull", "South Tyneside", "Stockport",
    "Sunderland", "Tameside", "Trafford", "Wakefield", "Walsall", "Wigan", "Wirral",
    "Wolverhampton",
)
UNITARY = (
    "Bath and North East Somerset", "Bedford", "Blackburn with Darwen", "Blackpool",
    "Bournemouth, Christchurch and Poole", "Bracknell Forest", "Brighton and Hove", "Bristol",
    "Buckinghamshire", "Central Bedfordshire", "Cheshire East", "Cheshire West and Chester",
    "Cornwall", "Cumberland", "Darlington", "Derby", "Dorset", "Durham",
    "East Riding of Yorkshire", "Halton", "Hartlepool", "Herefordshire", "Isle of Wight",
    "Hull", "Leicester", "Luton", "Medway", "Middlesbrough", "Milton Keynes",
    "North East Lincolnshire", "North Lincolnshire", "North Northamptonshire", "North Somerset",
    "North Yorkshire", "Northumberland", "Nottingham", "Peterborough", "Plymouth", "Portsmouth",
    "Redcar and Cleveland", "Rutland", "Shropshire", "Slough", "Somerset",
    "South Gloucestershire", "Southampton", "Southend-on-Sea", "Stockton-on-Tees",
    "Stoke-on-Trent", "Swindon", "Telford and Wrekin", "Thurrock", "Torbay", "Warrington",
    "West Berkshire", "West Northamptonshire", "Westmorland and Furness", "Wiltshire",
    "Windsor and Maidenhead", "Wokingham", "York",
)
PLACES = COUNTIES + LONDON + METROPOLITAN + UNITARY

# Longest first, so "North East Lincolnshire" is found before "Lincolnshire"; a place is
# a whole capitalised name, possessive or not, not part of a longer one ("New York").
# "Brighton & Hove" is "Brighton and Hove".
_PLACE = re.compile(r"(?<![\w-])(?<!New )(" + "|".join(
    re.escape(p).replace(r"\ and\ ", r"\ (?:and|&)\ ")
    for p in sorted(PLACES, key=len, reverse=True)) + r")(?:['’]s)?(?![\w-])")


def places_named(text: str) -> list[str]:
    """The authorities' places a text names, in order, each once."""
    return list(dict.fromkeys(m.group(1).replace(" & ", " and ") for m in _PLACE.finditer(text)))
