"""geo stage: place mentions in, `Location` records (coordinates, ISO3 country) out.

- `Gazetteer`: offline name -> place resolution with article context.
- `find_places`: the place mentions of a parsed sentence, resolved.
- `event_location`: the place where a given event (trigger token) happened.
"""

from newsevents.geo.eventloc import event_location, event_locations, find_places
from newsevents.geo.gazetteer import Gazetteer, Place, normalize_name

__all__ = ["Gazetteer", "Place", "event_location", "event_locations", "find_places", "normalize_name"]
