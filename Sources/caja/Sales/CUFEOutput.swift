import CajaCore

struct CUFEOutput: Codable {
    var valid = true
    var type, ruc, dv, branch, date, number, point, emission, environment, securityCode: String

    init(_ cufe: CUFE) {
        type = cufe.documentType
        ruc = String(cufe.paddedRUC.drop { $0 == "0" })
        dv = cufe.dv
        branch = cufe.branch
        date = cufe.compactDate
        number = cufe.number
        point = cufe.pointOfSale
        emission = cufe.emissionType
        environment = cufe.environment
        securityCode = cufe.securityCode
    }
}
