/**
 * Every UI string in one table keyed by id: `pl` here (the reference and the default), `en`
 * in i18n-en.ts (typed `Record<MessageId, string>`, so a missing key fails the type check).
 * Placeholders: {name}. Plural families end in `.one` / `.few` / `.many` (see `plural`).
 * Pack text (names, descriptions) is data, not here.
 *
 * Switching: `setLocale` swaps the table and tells the `onLocaleChange` listeners; every
 * component holds a `LocaleController` (locale-controller.ts) that re-renders it then.
 * The browser side (localStorage, `?lang=`, `<html lang>`) is in locale.ts.
 */
import { formatNumber } from '../../styles/labels.ts';
import { en } from './i18n-en.ts';

export const pl = {
  'app.title': 'Plan na mapie',
  'app.loading': 'Wczytywanie danych miasta…',
  'app.loadingMap': 'Wczytywanie mapy…',
  'app.error.title': 'Nie udało się wczytać danych',
  'app.error.retry': 'Spróbuj ponownie',
  'app.noCities': 'Serwer nie ma żadnego pakietu danych miasta.',
  'api.network': 'Brak połączenia z serwerem ({url}): {detail}',
  'api.badResponse': 'Serwer odpowiedział w nieoczekiwanym formacie ({url}, HTTP {status}).',
  'api.httpError': 'Serwer zwrócił błąd HTTP {status} dla {url}.',
  'app.approxNotice':
    'Położenie obiektów jest przybliżone: obiekty strategii narysowano według jej opisów, a podkład według opisów lub z otwartych danych (OpenStreetMap, PLRailMap, PRG) – nic nie pochodzi z pomiarów geodezyjnych.',
  'app.copyLink': 'Kopiuj link do widoku',
  'app.linkCopied': 'Skopiowano link',
  'app.panelToggle.show': 'Pokaż panel',
  'app.panelToggle.hide': 'Ukryj panel',
  'app.sidePanel': 'Panel boczny',
  'tabs.label': 'Widoki panelu',
  'tabs.layers': 'Warstwy',
  'tabs.strategy': 'Strategia',
  'tabs.districts': 'Dzielnice',
  'map.label': 'Mapa: {city}. Użyj strzałek do przesuwania, + i − do powiększania. Lista obiektów jest w panelu Warstwy.',
  'map.error': 'Błąd mapy: {message}',
  'map.webgl': 'Ta przeglądarka nie może wyświetlić mapy (brak WebGL). Obiekty są wymienione w panelu Warstwy.',
  'map.zoomIn': 'Przybliż',
  'map.zoomOut': 'Oddal',
  'map.resetBearing': 'Ustaw północ u góry',
  'map.toggleAttribution': 'Pokaż lub ukryj źródła mapy',
  // The language switch: each table says "switch to me" in its own language (the button
  // offers the other locale, so its name is read from that locale's table, with lang=).
  'locale.switch': 'Przełącz na polski',
  'locale.short': 'PL',
  'layers.strategy': 'Strategia',
  'layers.context': 'Podkład',
  'layers.count.one': '{n} obiekt',
  'layers.count.few': '{n} obiekty',
  'layers.count.many': '{n} obiektów',
  'layers.show': 'Pokaż warstwę {title}',
  'layers.routeTable': 'Długości tras: {title}',
  'layers.route': 'Trasa',
  'layers.declared': 'Deklarowane',
  'layers.measured': 'Zmierzone',
  'layers.total': 'Razem',
  'layers.lengthNote': 'Długość „zmierzona” liczona jest z narysowanej, przybliżonej geometrii; „deklarowana” pochodzi ze strategii.',
  'layers.none': '—',
  'accuracy.surveyed': 'pomierzone',
  'accuracy.approximate': 'przybliżone',
  'accuracy.schematic': 'schematyczne',
  'accuracy.surveyed.explain': 'Geometria z pomiaru lub z urzędowych danych.',
  'accuracy.approximate.explain': 'Położenie przybliżone: narysowane wzdłuż ulic i miejsc wskazanych w strategii, bez pomiaru.',
  'accuracy.schematic.explain': 'Położenie schematyczne: strategia nie podaje dokładnego miejsca; obiekt pokazuje tylko okolicę.',
  'status.concept': 'koncepcja',
  'status.planned': 'planowane',
  'status.in-progress': 'w realizacji',
  'status.completed': 'zrealizowane',
  'status.existing': 'istniejące',
  'qualifier.about': 'ok.',
  'qualifier.at-least': 'co najmniej',
  'qualifier.at-most': 'do',
  'qualifier.range-min': 'od',
  'qualifier.range-max': 'do',
  'feature.close': 'Zamknij panel obiektu',
  'feature.panel': 'Szczegóły obiektu',
  'feature.goals': 'Cele operacyjne',
  'feature.figures': 'Deklarowane wielkości',
  'feature.measured': 'Długość zmierzona z geometrii',
  'feature.status': 'Status',
  'feature.accuracy': 'Dokładność położenia',
  'feature.source': 'Źródło',
  'feature.section': 'rozdział',
  'feature.undertaking': 'Przedsięwzięcie',
  'feature.layer': 'Warstwa',
  'feature.context': 'Obiekt podkładu mapy',
  'feature.openSource': 'Otwórz źródło',
  'strategy.heading': 'Cele strategiczne',
  'strategy.operational': 'Cele operacyjne',
  'strategy.undertakings': 'Przedsięwzięcia strategiczne',
  'strategy.noSite': 'brak lokalizacji na mapie',
  'strategy.showOnMap': 'Pokaż na mapie: {name}',
  'strategy.facts': 'Z diagnozy',
  'strategy.areas': 'Obszary',
  'strategy.directions': 'Kierunki i działania',
  'strategy.actions': 'Działania',
  'strategy.codesAssigned': 'Numeracja (I, I.1…) pochodzi z przeglądarki, nie z dokumentu: ułatwia tylko odnajdywanie pozycji.',
  'strategy.siteToDecide': 'Miejsce do ustalenia',
  'strategy.proposeSite': 'Zaproponuj miejsce',
  'strategy.proposeSiteKind': 'Zaproponuj miejsce: {kind}',
  'strategy.proposedCount': 'zaproponowano: {n}',
  'districts.heading': 'Dzielnice',
  'districts.pick': 'Wybierz dzielnicę',
  'districts.loading': 'Wczytywanie podsumowania…',
  'districts.area': 'Powierzchnia',
  'districts.routes': 'Trasy w granicach obszaru',
  'districts.noRoutes': 'Brak tras w tym obszarze.',
  'districts.undertakings': 'Przedsięwzięcia w obszarze',
  'districts.noUndertakings': 'Brak obiektów strategii w tym obszarze.',
  'districts.coverage': 'Udział powierzchni warstw obszarowych',
  'districts.noCoverage': 'Żadna warstwa obszarowa nie obejmuje tego obszaru.',
  'districts.targets': 'Cele na dzielnicę',
  'districts.targetProgress': 'zaproponowane {p} / przyjęte {a} / posadzone {s} z {t}',
  'districts.targetNoTarget': 'zaproponowane {p} / przyjęte {a} / posadzone {s} (cel jest ustalony dla dzielnic)',
  'districts.proposals': 'Propozycje mieszkańców',
  'districts.kindCounts': 'zaproponowane {p} / przyjęte {a} / zrealizowane {s}',
  'districts.kindCountsNote': 'Strategia nie podaje dla nich liczby docelowej: to liczby zgłoszonych miejsc.',
  'districts.source': 'Źródło',
  'districts.close': 'Zamknij podsumowanie',
  'districts.csv': 'Pobierz podsumowania dzielnic (CSV)',
  'layers.download': 'GeoJSON: pobierz warstwę {title}',
  'layers.downloadShort': 'GeoJSON',
  'districts.choropleth': 'Kolorowanie dzielnic',
  'districts.choropleth.off': 'wyłączone',
  'districts.metric.bike-km': 'km tras rowerowych na km²',
  'districts.metric.target': '{label}: zaproponowane / cel',
  'districts.metric.kind': 'zaproponowane: {kind}',
  'districts.metric.green-share': 'udział terenów zielonych',
  'districts.metric.bike-km.def': 'Długość tras warstw liniowych strategii w granicach dzielnicy (km) podzielona przez jej powierzchnię (km²). Liczone z przybliżonej geometrii.',
  'districts.metric.target.def': 'Ile zaproponowano w dzielnicy (wszystkie propozycje poza wycofanymi i odrzuconymi) wobec celu strategii dla dzielnicy: {target} {unit}.',
  'districts.metric.kind.def':
    'Ile zaproponowano w dzielnicy: {kind} (wszystkie propozycje poza wycofanymi i odrzuconymi). Strategia nie podaje dla nich liczby docelowej, więc to liczba zgłoszeń, nie postęp.',
  'districts.metric.green-share.def': 'Część powierzchni dzielnicy objęta warstwami obszarowymi celu II „Zielony Kraśnik” (jeśli ich brak: wszystkimi warstwami obszarowymi). Liczone z przybliżonej geometrii.',
  'districts.legend': 'Legenda: {metric}',
  'districts.noData': 'brak danych',
  'districts.draw': 'Zaznacz obszar',
  'districts.drawHelp': 'Klikaj na mapie kolejne wierzchołki; zakończ, klikając pierwszy punkt (lub Enter).',
  'districts.drawCancel': 'Anuluj rysowanie',
  'districts.clear': 'Wyczyść',
  'districts.query': 'Zaznaczony obszar',
  'districts.queryLoading': 'Liczenie dla zaznaczonego obszaru…',
  'districts.overlaps': 'Dzielnice w obszarze',
  'districts.overlapNone': 'Obszar leży poza dzielnicami miasta.',
  'districts.neutral': 'Liczby pokazano jednakowo dla wszystkich dzielnic; źródła i definicje podano przy każdej wartości.',
  'unit.km': 'km',
  'unit.km2': 'km²',
  'unit.ha': 'ha',
  // ---------- tree-planting proposals ----------
  'tabs.proposals': 'Propozycje',
  'proposals.propose': 'Zaproponuj drzewo',
  'proposals.proposeStop': 'Zakończ proponowanie',
  'proposals.proposeShort': '+ Drzewo',
  'proposals.form': 'Propozycja drzewa',
  'proposals.close': 'Zamknij',
  'proposals.shape': 'Co proponujesz?',
  'proposals.shape.point': 'Jedno drzewo (punkt)',
  'proposals.shape.polygon': 'Szpaler lub grupa drzew (obszar)',
  'proposals.help.point': 'Kliknij na mapie miejsce drzewa. Pinezkę możesz przeciągnąć albo przesunąć strzałkami, gdy jest zaznaczona.',
  'proposals.help.pointPlaced': 'Pinezka stoi na mapie. Przeciągnij ją (lub przesuń strzałkami), aby poprawić miejsce.',
  'proposals.help.polygon': 'Klikaj na mapie kolejne wierzchołki obszaru; zakończ, klikając pierwszy punkt (lub Enter).',
  'proposals.placeCentre': 'Postaw pinezkę w środku mapy',
  'proposals.redraw': 'Narysuj obszar od nowa',
  'proposals.area': 'Powierzchnia obszaru: {area} m² — zmieści się najwyżej {max} (jedno drzewo na {per} m²).',
  'proposals.areaTooLarge': 'Obszar ma {area} m²; jedna propozycja może mieć najwyżej {max} m². Narysuj mniejszy.',
  'proposals.nickname': 'Twój pseudonim (widoczny przy propozycji)',
  'proposals.nicknameHelp': 'Nie trzeba zakładać konta: przeglądarka zapamięta pseudonim.',
  'proposals.species': 'Gatunek',
  'proposals.speciesPick': '— wybierz gatunek —',
  'proposals.native': 'rodzimy',
  'proposals.count': 'Liczba drzew',
  'proposals.countShort': 'Liczba',
  'proposals.countPoint': 'Punkt to jedno drzewo. Aby zaproponować więcej, wybierz obszar.',
  'proposals.countMax': 'Najwyżej {max} na tym obszarze.',
  'proposals.note': 'Uwagi (nieobowiązkowe)',
  'proposals.noteHelp': 'Np. dlaczego tutaj. Do {max} znaków.',
  'proposals.submit': 'Wyślij propozycję',
  'proposals.sending': 'Wysyłanie…',
  'proposals.cancel': 'Anuluj',
  'proposals.created': 'Dziękujemy! Propozycja została zapisana i jest już na mapie.',
  'proposals.pin': 'Pinezka proponowanego miejsca: przesuń strzałkami',
  'proposals.needPlace': 'Najpierw wskaż miejsce na mapie.',
  'proposals.needSpecies': 'Wybierz gatunek drzewa.',
  'proposals.needNickname': 'Podaj pseudonim.',
  'proposals.refused': 'Serwer nie przyjął propozycji',
  'proposals.rule.outside-town': 'To miejsce leży poza granicą miasta {town}. Propozycje przyjmujemy tylko w granicach miasta (zaznaczonej na mapie).',
  'proposals.rule.in-forbidden-area': 'Tu jest {name} — w tym miejscu nie przyjmujemy propozycji (zaznaczono na mapie).',
  'proposals.rule.too-close': 'Za blisko innej propozycji tego rodzaju: {d} m, a wymagane jest co najmniej {min} m. Najbliższą zaznaczono na mapie czerwonym okręgiem.',
  'proposals.rule.count-not-one': 'Punkt oznacza jedno drzewo. Aby zaproponować więcej, narysuj obszar.',
  'proposals.rule.count-too-high': 'Na obszarze {area} m² zmieści się najwyżej {max} drzew (jedno na {per} m²); podano {count}.',
  'proposals.rule.area-too-large': 'Obszar jest za duży: jedna propozycja może mieć najwyżej {max} m².',
  'proposals.rateLimited': 'Za dużo zmian w krótkim czasie — spróbuj za {s} s.',
  'proposals.sessionExpired': 'Twoja sesja wygasła. Podaj pseudonim ponownie i wyślij jeszcze raz.',
  'proposals.status.proposed': 'zaproponowane',
  'proposals.status.accepted': 'przyjęte',
  'proposals.status.planted': 'posadzone',
  'proposals.status.rejected': 'odrzucone',
  'proposals.status.withdrawn': 'wycofane',
  'proposals.legend': 'Propozycje drzew',
  'proposals.legendShow': 'Pokaż propozycje: {status}',
  'proposals.legendNote': 'Liczby w kółkach to skupiska propozycji — kliknij, aby przybliżyć.',
  'proposals.loadError': 'Nie udało się wczytać propozycji: {message}',
  'proposals.none': 'Miasto nie przyjmuje propozycji.',
  'proposals.panel': 'Propozycja',
  'proposals.kindTree': 'Drzewo',
  'proposals.kindArea': 'Drzewa na obszarze',
  'proposals.panelCount': 'Liczba',
  'proposals.panelSpecies': 'Gatunek',
  'proposals.panelNote': 'Uwagi',
  'proposals.panelNoNote': 'brak uwag',
  'proposals.panelDistrict': 'Dzielnica',
  'proposals.panelAuthor': 'Autor',
  'proposals.panelStatus': 'Status',
  'proposals.panelReason': 'Uzasadnienie',
  'proposals.history': 'Historia',
  'proposals.supports': 'Poparcia',
  'proposals.support': 'Popieram',
  'proposals.unsupport': 'Cofnij poparcie',
  'proposals.supportNickname': 'Aby poprzeć, podaj pseudonim',
  'proposals.supportPlanner': 'Popierają mieszkańcy; urząd rozpatruje propozycje.',
  'proposals.withdraw': 'Wycofaj',
  'proposals.withdrawConfirm': 'Na pewno wycofać tę propozycję?',
  'proposals.withdrawYes': 'Tak, wycofaj',
  'proposals.withdrawNo': 'Nie',
  'proposals.loading': 'Wczytywanie propozycji…',
  'proposals.action.created': 'zgłoszono',
  'proposals.action.accepted': 'przyjęto',
  'proposals.action.rejected': 'odrzucono',
  'proposals.action.planted': 'posadzono',
  'proposals.action.withdrawn': 'wycofano',
  'proposals.action.edited': 'zmieniono',
  'proposals.action.reopened': 'przywrócono do rozpatrzenia',
  'proposals.intro': 'Zaproponuj, gdzie posadzić drzewa: kliknij „Zaproponuj drzewo” i wskaż miejsce na mapie. Propozycje innych możesz poprzeć.',
  'proposals.counts': 'Wszystkie propozycje: {n}',
  'proposals.you': 'Proponujesz jako: {name}',
  'proposals.proposeAny': 'Dodaj propozycję',
  'proposals.introAny': 'Zaproponuj miejsca dla działań strategii: kliknij „Dodaj propozycję”, wybierz, co proponujesz, i wskaż miejsce na mapie. Propozycje innych możesz poprzeć.',
  'proposals.formKind': 'Propozycja: {kind}',
  'proposals.kind': 'Co proponujesz?',
  'proposals.hint': 'Dobre miejsce',
  'proposals.shapeHow': 'Jak zaznaczysz miejsce?',
  'proposals.shape.sitePoint': 'Punkt (budynek, lokal, konkretne miejsce)',
  'proposals.shape.sitePolygon': 'Obszar (zarys terenu)',
  'proposals.help.sitePoint': 'Kliknij na mapie proponowane miejsce. Pinezkę możesz przeciągnąć albo przesunąć strzałkami, gdy jest zaznaczona.',
  'proposals.areaSite': 'Powierzchnia obszaru: {area} m² (jedna propozycja może mieć najwyżej {max} m²).',
  'proposals.siteOne': 'Jedna propozycja to jedno miejsce.',
  'proposals.status.done': 'zrealizowane',
  'proposals.status.plantedOrDone': 'posadzone / zrealizowane',
  'proposals.action.done': 'zrealizowano',
  'proposals.legendAny': 'Propozycje mieszkańców',
  'proposals.legendKinds': 'Rodzaje',
  'proposals.legendStatuses': 'Stan',
  'proposals.legendShowKind': 'Pokaż propozycje: {kind}',
  'proposals.panelKind': 'Rodzaj',
  'signin.heading': 'Logowanie dla urzędu',
  'signin.help': 'Dla planistów rozpatrujących propozycje. Mieszkańcy nie potrzebują konta.',
  'signin.login': 'Login',
  'signin.password': 'Hasło',
  'signin.submit': 'Zaloguj',
  'signin.bad': 'Nieprawidłowy login lub hasło (albo konto jest wyłączone).',
  'signin.busy': 'Logowanie…',
  'signin.signedIn': 'Zalogowano jako {name} ({role})',
  'signin.logout': 'Wyloguj',
  'signin.role.planner': 'planista',
  'signin.role.admin': 'administrator',
  'queue.heading': 'Kolejka',
  'queue.status': 'Pokaż',
  'queue.status.proposed': 'oczekujące',
  'queue.status.accepted': 'przyjęte (do posadzenia)',
  'queue.district': 'Dzielnica',
  'queue.allDistricts': 'wszystkie',
  'queue.sorted': 'Od najczęściej popieranych.',
  'queue.count': 'Pokazano {shown} z {total}',
  'queue.empty': 'Brak propozycji w tym widoku.',
  'queue.accept': 'Przyjmij',
  'queue.reject': 'Odrzuć',
  'queue.plant': 'Posadzone',
  'queue.edit': 'Zmień',
  'queue.show': 'Pokaż na mapie',
  'queue.reason': 'Powód odrzucenia',
  'queue.reasonNeeded': 'Podaj powód odrzucenia.',
  'queue.rejectConfirm': 'Odrzuć propozycję',
  'queue.save': 'Zapisz',
  'queue.cancel': 'Anuluj',
  'queue.export': 'Pobierz (bieżący filtr)',
  'queue.exportCsv': 'CSV',
  'queue.exportGeojson': 'GeoJSON',
  'queue.supports': '{n} poparć',
  'queue.supportSplit': '({confirmed} potwierdzone, {unconfirmed} niepotwierdzone)',
  'queue.supportCount.one': '{n} poparcie',
  'queue.supportCount.few': '{n} poparcia',
  'queue.supportCount.many': '{n} poparć',
  'queue.done.accepted': 'Przyjęto propozycję.',
  'queue.done.rejected': 'Odrzucono propozycję.',
  'queue.done.planted': 'Oznaczono jako posadzone.',
  'queue.done.edited': 'Zapisano zmiany.',
  'queue.loading': 'Wczytywanie kolejki…',
  'queue.item': 'Propozycja: {species}, {count} szt.',
  'queue.itemSite': 'Propozycja: {kind}',
  'queue.kind': 'Rodzaj',
  'queue.allKinds': 'wszystkie',
  'queue.done': 'Zrealizowane',
  'queue.status.acceptedAny': 'przyjęte (do realizacji)',
  'queue.done.done': 'Oznaczono jako zrealizowane.',
  'story.open': 'Prezentacja',
  'story.loading': 'Wczytywanie prezentacji…',
  'story.error': 'Nie udało się wczytać prezentacji: {message}',
  'story.label': 'Prezentacja: {title}',
  'story.controls': 'Sterowanie prezentacją',
  'story.prev': 'Poprzedni rozdział',
  'story.next': 'Następny rozdział',
  'story.exit': 'Zakończ prezentację (Esc)',
  'story.exitShort': 'Zakończ (Esc)',
  'story.fullscreen': 'Pełny ekran',
  'story.fullscreenExit': 'Zamknij pełny ekran',
  'story.progress': 'Rozdział {n} z {total}',
  'story.progressLabel': 'Postęp prezentacji',
  'story.legend': 'Legenda',
  'story.highlight': 'wyróżnione w tym rozdziale',
  'story.districtOutline': 'granica dzielnicy',
  'story.keys': '→ / PageDown / spacja: dalej · ← / PageUp: wstecz · cyfry: rozdział · Esc: wyjście',
  'story.kind.title': 'Strategia',
  'story.kind.goal': 'Cel strategiczny {code}',
  'story.kind.undertaking': 'Przedsięwzięcie strategiczne',
  'story.kind.district': 'Dzielnica',
  'story.kind.closing': 'Na koniec',
  'story.live.loading': 'Liczenie danych dzielnicy…',
  'story.live.note': 'Liczby dzielnicy liczone na bieżąco z mapy i zgłoszeń.',
  'story.live.bikeKm': 'tras pieszo-rowerowych',
  'story.live.undertakings': 'przedsięwzięcia strategii na miejscu',
  'story.live.trees': 'drzew posadzonych, zgłoszono {proposed}',
  'story.live.area': 'powierzchnia',
  'story.live.target': '{unit} zrealizowanych ({label}), zgłoszono {proposed}',
  'story.live.coverage': '{layer}: część dzielnicy',
  'story.live.kindSites.one': 'zaproponowane miejsce: {kind}',
  'story.live.kindSites.few': 'zaproponowane miejsca: {kind}',
  'story.live.kindSites.many': 'zaproponowanych miejsc: {kind}',
  'story.live.sites.one': 'miejsce zaproponowane przez mieszkańców',
  'story.live.sites.few': 'miejsca zaproponowane przez mieszkańców',
  'story.live.sites.many': 'miejsc zaproponowanych przez mieszkańców',
  'export.png': 'Obraz PNG',
  'export.png2x': 'PNG 2×',
  'export.pdf': 'PDF całej prezentacji',
  'export.busy': 'Przygotowywanie pliku…',
  'export.failed': 'Eksport nie powiódł się: {message}',
  'export.pdfProgress': 'PDF: rozdział {n} z {total}…',
  'export.north': 'N',
  // Town switcher and the header's "more" menu
  'towns.change': 'Miasto: {town}. Zmień miasto',
  'towns.list': 'Miasta',
  'towns.current': '(wybrane)',
  'towns.loading': 'Wczytywanie: {town}…',
  'towns.failed': 'Nie udało się wczytać miasta {town}: {message}',
  'towns.unknown': 'Serwer nie ma miasta „{town}”; zostaje miasto wybrane wcześniej.',
  'menu.more': 'Więcej',
  'menu.label': 'Więcej działań',
  // Layer import (admins)
  'import.open': 'Import warstwy',
  'import.title': 'Import warstwy — {town}',
  'import.close': 'Zamknij',
  'import.intro':
    'Wczytaj do warstwy plik GeoJSON, KML, GPX, spakowany Shapefile (.zip) albo OSM XML. Najpierw zobaczysz raport z każdego obiektu; nic nie zostanie zapisane, dopóki nie zatwierdzisz.',
  'import.layer': 'Warstwa',
  'import.layerChoose': '— wybierz warstwę —',
  'import.layerKind': 'Rodzaj geometrii warstwy: {kind}.',
  'import.kind.area': 'obszary',
  'import.kind.route': 'linie (trasy)',
  'import.kind.point': 'punkty',
  'import.kind.mixed': 'mieszana (punkty, linie, obszary)',
  'import.crsChosen': 'wybrany w formularzu',
  'import.features': 'obiekty: {n}',
  'import.file': 'Plik',
  'import.fileHelp': 'GeoJSON, KML, GPX, Shapefile w archiwum .zip, OSM XML; najwyżej {max} MiB.',
  'import.crs': 'Układ współrzędnych',
  'import.crs.file': 'z pliku (GeoJSON bez „crs”, KML i GPX: WGS84)',
  'import.crs.EPSG:2180': 'EPSG:2180 — PUWG 1992',
  'import.crs.EPSG:2176': 'EPSG:2176 — PUWG 2000, strefa 5 (15°E)',
  'import.crs.EPSG:2177': 'EPSG:2177 — PUWG 2000, strefa 6 (18°E)',
  'import.crs.EPSG:2178': 'EPSG:2178 — PUWG 2000, strefa 7 (21°E)',
  'import.crs.EPSG:2179': 'EPSG:2179 — PUWG 2000, strefa 8 (24°E)',
  'import.crs.EPSG:3857': 'EPSG:3857 — Web Mercator',
  'import.crs.EPSG:4326': 'EPSG:4326 — WGS84 (długość, szerokość)',
  'import.crsHelp': 'Wybierz układ tylko wtedy, gdy plik go nie podaje albo podaje błędnie.',
  'import.mode': 'Tryb',
  'import.mode.replace': 'zastąp obiekty warstwy',
  'import.mode.append': 'dopisz do warstwy',
  'import.mapping': 'Przypisanie atrybutów',
  'import.mappingHelp':
    'Właściwość obiektu bierze się z atrybutu pliku albo jest stałą wartością dla wszystkich obiektów (np. cele: II.1,IV.3). Atrybut o tej samej nazwie co właściwość jest brany bez przypisania.',
  'import.row.target': 'Właściwość, wiersz {n}',
  'import.row.kind': 'Źródło wartości, wiersz {n}',
  'import.row.kind.map': 'z atrybutu',
  'import.row.kind.set': 'stała wartość',
  'import.row.valueMap': 'Nazwa atrybutu w pliku, wiersz {n}',
  'import.row.valueSet': 'Wartość dla wszystkich obiektów, wiersz {n}',
  'import.row.placeholderMap': 'atrybut, np. NAZWA',
  'import.row.placeholderSet': 'wartość',
  'import.row.choose': '— właściwość —',
  'import.row.add': 'Dodaj przypisanie',
  'import.row.required': 'Dodaj wiersze wymaganych właściwości',
  'import.required': 'Każdy obiekt tej warstwy musi mieć: {list} (z przypisania albo z atrybutu o tej samej nazwie).',
  'import.row.remove': 'Usuń wiersz {n}',
  'import.prop.name': 'nazwa',
  'import.prop.description': 'opis',
  'import.prop.goals': 'cele operacyjne',
  'import.prop.undertaking': 'przedsięwzięcie (id)',
  'import.prop.status': 'status',
  'import.prop.accuracy': 'dokładność',
  'import.prop.category': 'kategoria',
  'import.prop.ref': 'oznaczenie',
  'import.prop.source.document': 'źródło: dokument',
  'import.prop.source.section': 'źródło: rozdział',
  'import.prop.source.url': 'źródło: adres',
  'import.prop.source.note': 'źródło: uwaga',
  'import.send': 'Wyślij i sprawdź',
  'import.sending': 'Wysyłanie i sprawdzanie pliku…',
  'import.abort': 'Przerwij',
  'import.aborted': 'Wysyłanie przerwano; nic nie zapisano.',
  'import.cancel': 'Anuluj',
  'import.problem.no-layer': 'Wybierz warstwę.',
  'import.problem.no-file': 'Wybierz plik.',
  'import.problem.empty-file': 'Wybrany plik jest pusty.',
  'import.problem.too-large': 'Plik ma {size} MiB, a serwer przyjmuje najwyżej {max} MiB: podziel go albo zaimportuj z wiersza poleceń (npm run import).',
  'import.problem.row-incomplete': 'Wiersz {row} przypisania: wybierz właściwość i podaj atrybut albo wartość (albo usuń wiersz).',
  'import.problem.row-target': 'Wiersz {row}: obiekty tej warstwy nie mają właściwości „{target}”.',
  'import.problem.row-duplicate': 'Wiersz {row}: właściwość „{target}” jest już przypisana w ten sposób wyżej.',
  'import.error.network': 'Brak połączenia z serwerem; sprawdź sieć i spróbuj ponownie. ({message})',
  'import.error.400': 'Popraw opcje importu: {message}',
  'import.error.auth': 'Import może wykonać tylko zalogowany administrator. Zaloguj się ponownie (karta Propozycje) i wyślij plik jeszcze raz. ({message})',
  'import.error.404': 'Serwer nie zna tej warstwy albo miasta: {message}',
  'import.error.expired': 'Ten import już nie czeka na zatwierdzenie (minęło 30 minut albo został zatwierdzony). Wyślij plik ponownie.',
  'import.error.409': 'Nic nie zapisano: z tą warstwą pakiet miasta by się nie wczytał. {message}',
  'import.error.413': 'Plik jest za duży: serwer przyjmuje najwyżej {max} MiB. Podziel go albo zaimportuj z wiersza poleceń (npm run import).',
  'import.error.415': 'Serwer nie przyjął sposobu wysłania pliku: {message}',
  'import.error.422': 'Nie udało się odczytać pliku. Sprawdź, czy to GeoJSON, KML, GPX, Shapefile w .zip albo OSM XML i czy nie jest uszkodzony. Serwer: {message}',
  'import.error.429': 'Za dużo zapisów w krótkim czasie; spróbuj ponownie za {s} s.',
  'import.error.other': 'Import nie powiódł się: {message}',
  'import.report': 'Raport: warstwa „{layer}”',
  'import.count.accepted': 'przyjęte',
  'import.count.repaired': 'naprawione',
  'import.count.refused': 'odrzucone',
  'import.count.total': 'w pliku',
  'import.fileLine': '{name}: {format}, obiekty: {n}, układ: {crs}',
  'import.warnings': 'Ostrzeżenia',
  'import.filter': 'Pokaż',
  'import.filter.all': 'wszystkie',
  'import.filter.refused': 'odrzucone',
  'import.filter.repaired': 'naprawione',
  'import.filter.accepted': 'przyjęte',
  'import.rows': 'Wiersze {from}–{to} z {total}',
  'import.table': 'Obiekty z pliku i wynik sprawdzenia',
  'import.col.status': 'Wynik',
  'import.col.id': 'Id w warstwie',
  'import.col.source': 'Miejsce w pliku',
  'import.col.note': 'Naprawy albo powód odrzucenia',
  'import.status.accepted': 'przyjęty',
  'import.status.repaired': 'naprawiony',
  'import.status.refused': 'odrzucony',
  'import.repairs': 'Naprawiono: {list}',
  'import.noRows': 'Brak wierszy w tym widoku.',
  'import.pages': 'Strony raportu',
  'import.page': 'Strona {n} z {pages}',
  'import.prev': 'Poprzednia',
  'import.next': 'Następna',
  'import.omitted': 'Raport jest skrócony do {shown} wierszy: pominięto {n} (najpierw są odrzucone i naprawione).',
  'import.confirmHelp.replace': 'Zatwierdzenie zastąpi obiekty warstwy „{layer}” przyjętymi obiektami ({n}). Import czeka na zatwierdzenie do {time}.',
  'import.confirmHelp.append': 'Zatwierdzenie dopisze do warstwy „{layer}” przyjęte obiekty ({n}). Import czeka na zatwierdzenie do {time}.',
  'import.confirm': 'Zatwierdź',
  'import.confirming': 'Zapisywanie warstwy…',
  'import.nothing': 'Żaden obiekt nie został przyjęty, więc nie ma czego zapisać. Popraw plik albo przypisania i wyślij go ponownie.',
  'import.back': 'Wróć do formularza',
  'import.done': 'Zapisano warstwę „{layer}”: zaimportowane obiekty: {imported}, warstwa ma teraz obiektów: {features}. Mapa pokazuje nową wersję.',
  'import.again': 'Importuj kolejny plik',
} as const;

export type MessageId = keyof typeof pl;
/** A complete table: every locale has every id. */
export type Messages = Record<MessageId, string>;

export type Locale = 'pl' | 'en';
export const LOCALES: readonly Locale[] = ['pl', 'en'];
export const DEFAULT_LOCALE: Locale = 'pl';

const tables: Record<Locale, Messages> = { pl, en };
/** BCP 47 tags for Intl (numbers, dates, plural rules). */
const TAGS: Record<Locale, string> = { pl: 'pl-PL', en: 'en-GB' };

let locale: Locale = DEFAULT_LOCALE;
let current: Messages = pl;
const listeners = new Set<(locale: Locale) => void>();

export function isLocale(value: unknown): value is Locale {
  return value === 'pl' || value === 'en';
}

/** The message table of a locale (tests, and the language switch's label in the other language). */
export function messages(l: Locale): Messages {
  return tables[l];
}

/** The current locale. */
export function getLocale(): Locale {
  return locale;
}

/** The current locale's BCP 47 tag ("pl-PL", "en-GB"), for Intl formatters. */
export function localeTag(l: Locale = locale): string {
  return TAGS[l];
}

/** Switches the locale (anything unknown: Polish) and tells the listeners when it changed. */
export function setLocale(next: string): void {
  const l = isLocale(next) ? next : DEFAULT_LOCALE;
  if (l === locale) return;
  locale = l;
  current = tables[l];
  for (const listener of [...listeners]) listener(l);
}

/** Calls `listener` after every locale change; returns the unsubscribe function. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message for `id` in the current locale, with {placeholders} filled from `params`. */
export function t(id: MessageId, params?: Record<string, string | number>): string {
  return fill(current[id] ?? pl[id] ?? id, params);
}

/** The message for `id` in a given locale (e.g. the switch's label, read in the language it offers). */
export function tIn(l: Locale, id: MessageId, params?: Record<string, string | number>): string {
  return fill(tables[l][id] ?? pl[id] ?? id, params);
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * A number in the current locale: Polish "12 345,67" (decimal comma, non-breaking space
 * between thousands), English "12,345.67".
 */
export function num(value: number, fractionDigits = 2): string {
  return formatNumber(value, fractionDigits, locale);
}

/** A share 0…1 as a percentage in the current locale ("12,5%" / "12.5%"). */
export function pct(share: number): string {
  return `${num(share * 100, 1)}%`;
}

/** A date (and time) in the current locale. */
export function dateTime(value: Date | number | string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Intl.DateTimeFormat(TAGS[locale], options).format(typeof value === 'string' ? new Date(value) : value);
}

/** Ids `B` with `B.one`, `B.few` and `B.many` in the table: the plural families. */
export type PluralBase = {
  [K in MessageId]: K extends `${infer B}.one` ? (`${B}.few` | `${B}.many` extends MessageId ? B : never) : never;
}[MessageId];

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural form for `n` in a locale: Polish one / few / many; English one / many ("other"). */
export function pluralForm(n: number, l: Locale = locale): 'one' | 'few' | 'many' {
  let rules = pluralRules.get(l);
  if (!rules) pluralRules.set(l, (rules = new Intl.PluralRules(TAGS[l])));
  const rule = rules.select(n);
  return rule === 'one' ? 'one' : rule === 'few' ? 'few' : 'many';
}

/**
 * The message of a plural family for `n`: `${base}.one|few|many` with {n} filled (as a
 * number of the locale). English uses `.one` and `.many`; its `.few` is the same as `.many`.
 */
export function plural(base: PluralBase, n: number, params?: Record<string, string | number>): string {
  return t(`${base}.${pluralForm(n)}` as MessageId, { ...params, n: num(n, Number.isInteger(n) ? 0 : 2) });
}
